// What the host reads from this file without loading it. The provider is keyless for the
// host: the plugin finds its own GitHub token (llmhost's login, other editors' logins);
// GH_COPILOT_TOKEN is listed so `llmhost providers` shows it and the host passes it along.
#include <llmhost/provider_abi.h>

LLMH_PLUGIN_METADATA(R"json({
  "name": "copilot",
  "version": ")json" LLMHOST_PLUGIN_VERSION R"json(",
  "description": "GitHub Copilot chat (GitHub login, Copilot token exchange)",
  "providers": [
    {"id": "copilot", "aliases": ["github-copilot", "github_copilot"], "prefixes": [],
     "base_url": "https://api.githubcopilot.com", "key_env": ["GH_COPILOT_TOKEN"], "keyless": true,
     "default_model": "gpt-4.1",
     "capabilities": ["chat", "streaming", "tools", "vision", "model_listing"],
     "credentials": "a GitHub login (`llmhost auth login copilot`), or `GH_COPILOT_TOKEN`",
     "description": "GitHub Copilot; log in with `llmhost auth login copilot`"}
  ]
})json");
