// One HTTP/1.1 connection (plain TCP or TLS) with its own io_context, so that whichever thread
// holds it can run its I/O to completion on that thread. Not thread-safe: a connection is used
// by one exchange at a time and otherwise parked in the pool.
#pragma once

#include "core/transport/io_wait.hpp"
#include "core/transport/transport_errors.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include <memory>
#include <string>

namespace llmhost::transport {

class Connection {
  public:
    using Clock = std::chrono::steady_clock;
    using tcp = boost::asio::ip::tcp;
    using TlsStream = boost::asio::ssl::stream<tcp::socket>;

    // `peer` is the host:port errors name.
    explicit Connection(std::string peer);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    const std::string& peer() const { return peer_; }
    tcp::socket& tcp_socket() { return tls_ ? tls_->next_layer() : socket_; }
    TlsStream& tls_stream() { return *tls_; }
    boost::beast::flat_buffer& read_buffer() { return buffer_; }

    // Wraps the connected TCP socket in TLS (the handshake is the caller's next operation).
    void start_tls(boost::asio::ssl::context& context);

    // Calls f(stream) with the TLS stream or the plain socket, whichever carries HTTP.
    template <class F> decltype(auto) with_stream(F&& f) { return tls_ ? f(*tls_) : f(socket_); }

    // Starts an asynchronous operation (start(handler); the handler takes an error_code and
    // whatever else the operation reports) and runs it to completion on this thread. On
    // timeout or cancellation the connection is closed and an llmhost::Error is thrown whose
    // message names `activity` and the peer.
    template <class Start>
    boost::system::error_code run(Start&& start, const Deadline& deadline, const CancelCheck& cancelled,
                                  std::string_view activity) {
        bool completed = false;
        boost::system::error_code result;
        io_.restart();
        start([&](boost::system::error_code ec, const auto&...) {
            result = ec;
            completed = true;
        });
        const WaitResult outcome = wait_for(io_, completed, deadline, cancelled);
        if (outcome != WaitResult::completed) {
            abandon(completed);
            if (outcome == WaitResult::cancelled) throw_cancelled(peer_);
            throw_timeout(deadline, activity, peer_);
        }
        return result;
    }

    void close() noexcept;

    // True when the connection can carry another request: open, nothing unread, not closed
    // by the peer while it sat idle.
    bool is_idle_and_open();

    Clock::time_point idle_since{};

  private:
    // Closes the socket so the pending operation completes (aborted), and runs its handler,
    // which refers to the caller's stack frame.
    void abandon(const bool& completed) noexcept;

    std::string peer_;
    boost::asio::io_context io_{1};
    tcp::socket socket_{io_};
    std::unique_ptr<TlsStream> tls_;
    boost::beast::flat_buffer buffer_;
};

} // namespace llmhost::transport
