// LLMHOST_DEBUG_PLUGINS=1: discovery and loading explain every decision on stderr, so a user
// can see why a dropped-in plugin is not picked up.
#pragma once

#include <string_view>

namespace llmhost::plugins {

// Read from the environment on every call, so tests and long-running hosts can toggle it.
bool plugin_tracing_enabled();

// Writes "llmhost: plugins: <line>\n" to stderr in one write, so lines from several threads
// do not interleave.
void trace_plugins(std::string_view line);

} // namespace llmhost::plugins
