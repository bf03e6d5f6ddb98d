// The errors the transport raises internally (as llmhost::Error) and their wording. Messages
// name what failed and where (host:port), never a header value or proxy credential.
#pragma once

#include "core/transport/deadline.hpp"

#include <llmhost/error.hpp>

#include <string>
#include <string_view>

namespace llmhost::transport {

[[noreturn]] inline void throw_timeout(const Deadline& deadline, std::string_view activity, std::string_view peer) {
    throw Error(LLMH_ERR_TIMEOUT, std::string(deadline.name) + " timeout of " +
                                      std::to_string(deadline.length.count()) + " ms expired while " +
                                      std::string(activity) + " " + std::string(peer));
}

[[noreturn]] inline void throw_cancelled(std::string_view peer) {
    throw Error(LLMH_ERR_CANCELLED, "request to " + std::string(peer) + " was cancelled");
}

[[noreturn]] inline void throw_network(std::string message) { throw Error(LLMH_ERR_NETWORK, std::move(message)); }

} // namespace llmhost::transport
