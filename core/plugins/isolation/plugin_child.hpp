// The child side of plugin isolation: `<this binary> __plugin-child <plugin path> <fd>` loads
// the plugin and serves its table to the host process over the socket `fd` (the control
// socket), through which the host then passes one socket per concurrent call. The plugin
// sees the same ABI as in the host: its HTTP, log and cancellation services travel back to
// the host over the call's socket.
#pragma once

namespace llmhost::plugins::isolation {

inline constexpr const char* kPluginChildCommand = "__plugin-child";

// The child's main; returns the process's exit status.
int run_plugin_child(int argc, char** argv);

} // namespace llmhost::plugins::isolation
