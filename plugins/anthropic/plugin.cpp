// The plugin's one exported entry point, named by metadata.cpp's LLMH_PLUGIN.
#include "anthropic_provider.hpp"

LLMH_PLUGIN_ENTRY(&llmhost::anthropic_plugin::make_provider, LLMH_PLUGIN_COOPERATIVE);
