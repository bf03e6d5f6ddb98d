// The gateway's HTTP/1.1 server on Boost.Beast: an acceptor and one event loop per I/O
// thread, each running its connections asynchronously and their handlers as fibers. Requests are read with
// timeouts and a body limit, then handed to the RequestHandler; responses are written as
// handlers produce them, each piece flushed as soon as it is queued.
#pragma once

#include "core/gateway/http/http_exchange.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace llmhost::gateway {

struct ServerLimits {
    size_t max_body_bytes = 10 * 1024 * 1024;
    size_t max_header_bytes = 64 * 1024;
    // Request bodies being read at once, across the server: a request that would go over is
    // refused (503) before its body is read.
    size_t max_pending_body_bytes = 256 * 1024 * 1024;
    size_t send_buffer_bytes = 1024 * 1024; // queued beyond this, a streaming handler waits
    std::chrono::milliseconds header_timeout{10'000};
    std::chrono::milliseconds body_timeout{60'000};
    std::chrono::milliseconds idle_timeout{60'000};
    std::chrono::milliseconds write_timeout{60'000};
};

class HttpServer {
  public:
    // `head_check` (may be empty) decides from a request's head whether its body is read.
    HttpServer(ServerLimits limits, RequestHandler handler, HeadCheck head_check = {});
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds and listens (port 0: any free port); returns the bound port. Throws
    // std::runtime_error naming the address when it cannot.
    uint16_t listen(const std::string& host, uint16_t port);
    void start(unsigned io_threads);

    // Graceful shutdown, in steps: stop accepting and close idle connections (busy ones close
    // after their response); wait until every connection is gone or the deadline passes;
    // give up on the requests still running (their handlers end each response with an
    // error) and wait a moment more; close whatever is left; stop the I/O threads.
    void stop_accepting();
    bool wait_until_idle(std::chrono::steady_clock::time_point deadline);
    void give_up_requests();
    void abort_connections();
    void stop();

    size_t open_connections() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace llmhost::gateway
