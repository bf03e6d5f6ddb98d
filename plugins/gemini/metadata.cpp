// What the host reads from this file without loading it. GEMINI_API_KEY is the variable
// Google documents first; GOOGLE_API_KEY is the older one its SDKs still read.
#include <llmhost/plugin.hpp>

LLMH_PLUGIN("gemini", LLMHOST_PLUGIN_VERSION, R"json(
  "description": "Google Gemini through the native Generative Language API",
  "providers": [
    {"id": "gemini", "aliases": ["google", "google-gemini"], "prefixes": [],
     "base_url": "https://generativelanguage.googleapis.com/v1beta",
     "key_env": ["GEMINI_API_KEY", "GOOGLE_API_KEY"], "keyless": false,
     "default_model": "gemini-2.5-flash",
     "capabilities": ["chat", "streaming", "tools", "structured_output", "embeddings", "vision", "reasoning", "model_listing"],
     "description": "Google Gemini API (generativelanguage.googleapis.com)"}
  ]
)json");
