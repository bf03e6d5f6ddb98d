// The plugin's one exported entry point, named by metadata.cpp's LLMH_PLUGIN.
#include "mock_provider.hpp"

LLMH_PLUGIN_ENTRY(&llmhost::mock_plugin::make_provider);
