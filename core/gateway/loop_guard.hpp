// Refuses requests that are the gateway's own, come back: every request the host sends
// upstream carries this process's hop id (core/transport/hop_marker.hpp), so a provider whose
// base_url points at the gateway itself (llama.cpp's default port was once the gateway's)
// ends after one round instead of calling itself once per prefix of a crafted model name.
#pragma once

#include "core/gateway/gateway_core.hpp"

#include <string_view>

namespace llmhost::gateway {

// The most llmhost hops a request may already have passed.
inline constexpr size_t max_llmhost_hops = 8;

// "" when the request may be served; else why not. `hops` is the request's Llmhost-Hop value
// (comma-separated instance ids).
std::string loop_problem(std::string_view hops);

// Answers 508 Loop Detected, in the face's error shape, and returns true when the request
// came back from this gateway (or through too many); otherwise does nothing.
bool refuse_looped_request(GatewayCore& core, HttpExchange& exchange, AccessRecord& record);

} // namespace llmhost::gateway
