// The plugin's one exported entry point.
#include "anthropic_provider.hpp"

LLMH_DEFINE_COOPERATIVE_PLUGIN("anthropic", LLMHOST_PLUGIN_VERSION, &llmhost::anthropic_plugin::make_provider)
