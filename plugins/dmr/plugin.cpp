// The plugin's one exported entry point.
#include "dmr_provider.hpp"

// Not cooperative: the first chat for a model holds a lock while it sends the runtime
// configuration, so that concurrent first requests configure the model once.
LLMH_DEFINE_PLUGIN("dmr", LLMHOST_PLUGIN_VERSION, &llmhost::dmr_plugin::make_provider)
