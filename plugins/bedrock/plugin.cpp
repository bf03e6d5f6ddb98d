// The plugin's one exported entry point.
#include "bedrock_provider.hpp"

LLMH_DEFINE_COOPERATIVE_PLUGIN("bedrock", LLMHOST_PLUGIN_VERSION, &llmhost::bedrock::make_provider)
