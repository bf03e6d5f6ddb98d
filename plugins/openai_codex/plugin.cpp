// The plugin's one exported entry point, named by metadata.cpp's LLMH_PLUGIN.
#include "codex_provider.hpp"

// Not cooperative: a token refresh holds a lock so that concurrent calls share one (the
// refresh token is single-use).
LLMH_PLUGIN_ENTRY(&llmhost::codex_plugin::make_provider);
