// The plugin's one exported entry point.
#include "gemini_provider.hpp"

LLMH_DEFINE_COOPERATIVE_PLUGIN("gemini", LLMHOST_PLUGIN_VERSION, &llmhost::gemini_plugin::make_provider)
