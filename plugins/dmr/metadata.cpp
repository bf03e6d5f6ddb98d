// What the host reads from this file without loading it. base_url is empty on purpose: the
// host passes the metadata base_url when the configuration has none, and the plugin must
// tell an explicit base_url from "none" to run its discovery (dmr_base_url.hpp).
#include <llmhost/plugin.hpp>

LLMH_PLUGIN("dmr", LLMHOST_PLUGIN_VERSION, R"json(
  "description": "Docker Model Runner: local models through Docker's OpenAI-compatible engines API",
  "providers": [
    {"id": "dmr", "aliases": ["docker-model-runner", "docker", "docker_model_runner"], "prefixes": [],
     "base_url": "", "key_env": [], "keyless": true,
     "default_model": "ai/qwen3",
     "capabilities": ["chat", "streaming", "tools", "structured_output", "embeddings", "model_listing"],
     "credentials": "none (local)",
     "description": "Docker Model Runner (base URL: base_url › $MODEL_RUNNER_HOST › model-runner.docker.internal in a container › 127.0.0.1:12434)"}
  ]
)json");
