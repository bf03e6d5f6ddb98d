// The header that lets an llmhost gateway recognise its own requests coming back to it: every
// request the host sends upstream for a plugin carries this process's random instance id, and
// the gateway refuses a request that carries it (see core/gateway/loop_guard.hpp). A provider
// whose base_url leads back to the gateway would otherwise make it call itself without end.
#pragma once

#include <string_view>

namespace llmhost::transport {

inline constexpr std::string_view hop_header = "Llmhost-Hop";

// 16 hex digits, random, fixed for the life of the process.
std::string_view this_instance_hop_id();

} // namespace llmhost::transport
