// The plugin's one exported entry point.
#include "mock_provider.hpp"

LLMH_DEFINE_PLUGIN("mock", LLMHOST_PLUGIN_VERSION, &llmhost::mock_plugin::make_provider)
