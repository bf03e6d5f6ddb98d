// What the host reads from this file without loading it. The plugin resolves AWS credentials
// itself (API key, access keys, shared profiles), so the host must not demand a key: keyless.
// AWS_BEARER_TOKEN_BEDROCK is listed for display, and so the host passes it along when set.
// "{region}" in base_url is filled in per call from the resolved region.
#include <llmhost/plugin.hpp>

LLMH_PLUGIN("bedrock", LLMHOST_PLUGIN_VERSION, R"json(
  "description": "AWS Bedrock Runtime through the Converse and ConverseStream APIs",
  "providers": [
    {"id": "bedrock", "aliases": ["aws-bedrock", "amazon-bedrock"], "prefixes": [],
     "base_url": "https://bedrock-runtime.{region}.amazonaws.com",
     "key_env": ["AWS_BEARER_TOKEN_BEDROCK"], "keyless": true,
     "default_model": "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
     "capabilities": ["chat", "streaming", "tools", "structured_output", "vision", "reasoning", "model_listing"],
     "credentials": "AWS credentials (see [Bedrock credentials](#bedrock-credentials)); `AWS_BEARER_TOKEN_BEDROCK` for an API key",
     "description": "AWS Bedrock (Converse API; SigV4 or a Bedrock API key; AWS_REGION / profiles)"}
  ]
)json");
