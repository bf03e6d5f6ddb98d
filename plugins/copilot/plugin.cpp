// The plugin's one exported entry point, named by metadata.cpp's LLMH_PLUGIN.
#include "copilot_provider.hpp"

// Not cooperative: a token exchange holds a lock so that concurrent chats share one.
LLMH_PLUGIN_ENTRY(&llmhost::copilot_plugin::make_provider);
