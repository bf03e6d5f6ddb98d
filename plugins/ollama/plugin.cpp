// The plugin's one exported entry point.
#include "ollama_provider.hpp"

LLMH_DEFINE_COOPERATIVE_PLUGIN("ollama", LLMHOST_PLUGIN_VERSION, &llmhost::ollama_plugin::make_provider)
