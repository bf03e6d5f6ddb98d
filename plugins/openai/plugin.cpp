// The plugin's one exported entry point.
#include "openai_provider.hpp"

LLMH_DEFINE_COOPERATIVE_PLUGIN("openai", LLMHOST_PLUGIN_VERSION, &llmhost::openai_plugin::make_provider)
