// What the host reads from this file without loading it. The base URL is the local default;
// OLLAMA_HOST replaces it at create time (see ollama_base_url.hpp). OLLAMA_API_KEY is only
// needed for the ollama.com cloud, so the provider is keyless.
#include <llmhost/plugin.hpp>

LLMH_PLUGIN("ollama", LLMHOST_PLUGIN_VERSION, R"json(
  "description": "Ollama's native API (local server or ollama.com)",
  "providers": [
    {"id": "ollama", "aliases": ["ollama_chat"], "prefixes": [],
     "base_url": "http://localhost:11434", "key_env": ["OLLAMA_API_KEY"], "keyless": true,
     "default_model": "llama3.2",
     "capabilities": ["chat", "streaming", "tools", "structured_output", "embeddings", "vision", "reasoning", "model_listing"],
     "credentials": "optional `OLLAMA_API_KEY` (ollama.com)",
     "description": "Ollama native API (/api/chat, NDJSON streaming); OLLAMA_HOST selects the server"}
  ]
)json");
