// What the host reads from this file without loading it.
#include <llmhost/plugin.hpp>

LLMH_PLUGIN("mock", LLMHOST_PLUGIN_VERSION, R"json(
  "description": "Offline deterministic provider for testing applications",
  "providers": [
    {"id": "mock", "aliases": [], "prefixes": [],
     "base_url": "", "key_env": [], "keyless": true,
     "default_model": "mock-echo",
     "capabilities": ["chat", "streaming", "tools", "structured_output", "embeddings", "vision", "reasoning", "model_listing"],
     "credentials": "none (offline)",
     "description": "Echoes the last user message word by word, or replays scripted replies, tool calls and errors; no network"}
  ]
)json");
