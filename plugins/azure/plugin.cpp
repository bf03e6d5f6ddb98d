// The plugin's one exported entry point.
#include "azure_provider.hpp"

LLMH_DEFINE_COOPERATIVE_PLUGIN("azure", LLMHOST_PLUGIN_VERSION, &llmhost::azure_plugin::make_provider)
