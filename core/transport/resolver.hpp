// Host name resolution that respects deadlines and cancellation. getaddrinfo cannot be
// interrupted, so it runs on a detached helper thread that is abandoned if the caller stops
// waiting; IP literals skip it entirely.
#pragma once

#include "core/transport/deadline.hpp"
#include "core/transport/io_wait.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <string>
#include <vector>

namespace llmhost::transport {

// Throws llmhost::Error: LLMH_ERR_NETWORK naming `host`, or a timeout/cancellation.
std::vector<boost::asio::ip::tcp::endpoint> resolve_host(const std::string& host, uint16_t port,
                                                         const Deadline& deadline, const CancelCheck& cancelled);

} // namespace llmhost::transport
