// What the host reads from this file without loading it. No embeddings: Anthropic has no
// embeddings endpoint.
#include <llmhost/provider_abi.h>

LLMH_PLUGIN_METADATA(R"json({
  "name": "anthropic",
  "version": ")json" LLMHOST_PLUGIN_VERSION R"json(",
  "description": "Anthropic Messages API (Claude) and Anthropic-compatible gateways",
  "providers": [
    {"id": "anthropic", "aliases": ["claude"], "prefixes": [],
     "base_url": "https://api.anthropic.com", "key_env": ["ANTHROPIC_API_KEY"], "keyless": false,
     "default_model": "claude-sonnet-4-5",
     "capabilities": ["chat", "streaming", "tools", "structured_output", "vision", "reasoning", "model_listing"],
     "description": "Anthropic API (Claude models)"}
  ]
})json");
