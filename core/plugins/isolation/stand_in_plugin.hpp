// The stand-in llmh_plugin of an isolated plugin: operations that run the plugin's own in its
// child process (remote_call.hpp), offered where the plugin offers them.
#pragma once

#include <llmhost/provider_abi.h>

#include <cstdint>

namespace llmhost::plugins::isolation {

// Sets create, destroy and the operations in `offered` (bits of Operation) in `table`.
void fill_stand_in_operations(llmh_plugin& table, uint32_t offered);

} // namespace llmhost::plugins::isolation
