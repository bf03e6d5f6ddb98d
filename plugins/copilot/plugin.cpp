// The plugin's one exported entry point.
#include "copilot_provider.hpp"

LLMH_DEFINE_PLUGIN("copilot", LLMHOST_PLUGIN_VERSION, &llmhost::copilot_plugin::make_provider)
