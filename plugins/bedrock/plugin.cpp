// The plugin's one exported entry point, named by metadata.cpp's LLMH_PLUGIN.
#include "bedrock_provider.hpp"

LLMH_PLUGIN_ENTRY(&llmhost::bedrock::make_provider, LLMH_PLUGIN_COOPERATIVE);
