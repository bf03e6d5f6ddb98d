// What the host reads from this file without loading it. The provider is keyless for the
// host: the plugin finds its own GitHub token (llmhost's login, other editors' logins);
// GH_COPILOT_TOKEN is listed so `llmhost providers` shows it and the host passes it along.
// "responses_models": the models Copilot serves only over /responses, as its /models listing
// reported them (supported_endpoints ["/responses"]; caozhiyuan/copilot-api #102 and #113,
// ericc-ch/copilot-api #208 and #259). The listing itself decides once the plugin has seen it;
// this list is what decides before that.
#include <llmhost/plugin.hpp>
#include <llmhost/plugin_metadata.hpp>

LLMH_PLUGIN("copilot", LLMHOST_PLUGIN_VERSION, R"json(
  "description": "GitHub Copilot chat (GitHub login, Copilot token exchange)",
  "providers": [
    {"id": "copilot", "aliases": ["github-copilot", "github_copilot"], "prefixes": [],
     "base_url": "https://api.githubcopilot.com", "key_env": ["GH_COPILOT_TOKEN"], "keyless": true,
     "default_model": "gpt-4.1",
     "capabilities": ["chat", "streaming", "tools", "vision", "model_listing"],
     "responses_models": ["gpt-5-codex", "gpt-5.1-codex", "gpt-5.2-codex", "gpt-5.3-codex", "gpt-5.4", "gpt-5.5"],
     "credentials": "a GitHub login (`llmhost auth login copilot`), or `GH_COPILOT_TOKEN`",
     "description": "GitHub Copilot; log in with `llmhost auth login copilot`"}
  ]
)json");

LLMH_KEEP_OWN_METADATA();
