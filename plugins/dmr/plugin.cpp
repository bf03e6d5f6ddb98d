// The plugin's one exported entry point, named by metadata.cpp's LLMH_PLUGIN.
#include "dmr_provider.hpp"

// Not cooperative: the first chat for a model holds a lock while it sends the runtime
// configuration, so that concurrent first requests configure the model once.
LLMH_PLUGIN_ENTRY(&llmhost::dmr_plugin::make_provider);
