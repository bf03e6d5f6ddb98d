// The plugin's one exported entry point.
#include "dmr_provider.hpp"

LLMH_DEFINE_PLUGIN("dmr", LLMHOST_PLUGIN_VERSION, &llmhost::dmr_plugin::make_provider)
