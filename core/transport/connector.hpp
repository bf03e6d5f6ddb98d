// Opens connections: name resolution, TCP connect, the proxy CONNECT tunnel for https
// targets behind a proxy, and the TLS handshake.
#pragma once

#include "core/transport/connection.hpp"
#include "core/transport/proxy.hpp"
#include "core/transport/url.hpp"

#include <boost/asio/ssl/context.hpp>

#include <memory>

namespace llmhost::transport {

// Connects to `target`, or to `proxy` when given (tunnelling with CONNECT when the target is
// https). `tls` is required for https targets. `loop` as for Connection. Throws llmhost::Error.
std::unique_ptr<Connection> open_connection(const Url& target, const ProxyServer* proxy, boost::asio::ssl::context* tls,
                                            boost::asio::io_context* loop, const Deadline& deadline,
                                            const CancelCheck& cancelled);

} // namespace llmhost::transport
