// The plugin's one exported entry point.
#include "codex_provider.hpp"

// Not cooperative: a token refresh holds a lock so that concurrent calls share one (the
// refresh token is single-use).
LLMH_DEFINE_PLUGIN("openai-codex", LLMHOST_PLUGIN_VERSION, &llmhost::codex_plugin::make_provider)
