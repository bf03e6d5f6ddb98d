// What the host reads from this file without loading it. base_url is empty on purpose: every
// Azure resource has its own endpoint, so the user gives options.resource, base_url or
// AZURE_OPENAI_ENDPOINT. "keyless" is true because with options.auth = "entra" no key is
// needed; in the default key mode the plugin itself refuses to go on without one (naming
// AZURE_OPENAI_API_KEY) before any network I/O. "responses_models": the models Azure serves
// only through its v1 Responses endpoint (deployments named after them, or listed in the
// responses_models option).
#include <llmhost/plugin.hpp>
#include <llmhost/plugin_metadata.hpp>

LLMH_PLUGIN("azure", LLMHOST_PLUGIN_VERSION, R"json(
  "description": "Azure OpenAI: deployments with api-version, or the v1 API; api-key or Entra ID",
  "providers": [
    {"id": "azure", "aliases": ["azure-openai"], "prefixes": [],
     "base_url": "", "key_env": ["AZURE_OPENAI_API_KEY"], "keyless": true,
     "default_model": "gpt-4o",
     "capabilities": ["chat", "streaming", "tools", "structured_output", "embeddings", "vision", "reasoning", "model_listing"],
     "responses_models": ["o1-pro", "o3-pro", "o3-deep-research", "o4-mini-deep-research", "codex-mini",
                          "gpt-5-codex", "gpt-5.1-codex", "gpt-5-pro", "computer-use-preview"],
     "credentials": "`AZURE_OPENAI_API_KEY`, or an Entra ID token in `AZURE_OPENAI_AD_TOKEN`",
     "description": "Azure OpenAI Service (needs options.resource, base_url or AZURE_OPENAI_ENDPOINT)"}
  ]
)json");

LLMH_KEEP_OWN_METADATA();
