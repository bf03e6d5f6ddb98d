// The plugin's one exported entry point.
#include "copilot_provider.hpp"

// Not cooperative: a token exchange holds a lock so that concurrent chats share one.
LLMH_DEFINE_PLUGIN("copilot", LLMHOST_PLUGIN_VERSION, &llmhost::copilot_plugin::make_provider)
