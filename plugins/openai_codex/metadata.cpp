// What the host reads from this file without loading it. The provider is keyless for the
// host: the plugin finds its own ChatGPT login (llmhost's, or Codex's ~/.codex/auth.json).
#include <llmhost/plugin.hpp>

LLMH_PLUGIN("openai-codex", LLMHOST_PLUGIN_VERSION, R"json(
  "description": "OpenAI models through a ChatGPT plan (the Codex backend, ChatGPT sign-in)",
  "providers": [
    {"id": "openai-codex", "aliases": ["codex", "chatgpt", "openai-subscription"], "prefixes": [],
     "base_url": "https://chatgpt.com/backend-api/codex", "key_env": [], "keyless": true,
     "default_model": "gpt-5-codex",
     "capabilities": ["chat", "streaming", "tools", "vision", "reasoning", "model_listing"],
     "credentials": "a ChatGPT login (`llmhost auth login openai-codex`, or Codex's own `codex login`)",
     "description": "OpenAI models with a ChatGPT plan; sign in with `llmhost auth login openai-codex`"}
  ]
)json");
