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
    boost::asio::io_context& io() { return io_; }
    tcp::socket& tcp_socket() { return tls_ ? tls_->next_layer() : socket_; }
    bool is_tls() const { return tls_ != nullptr; }
    TlsStream& tls_stream() { return *tls_; }
    boost::beast::flat_buffer& read_buffer() { return buffer_; }

    // Wraps the connected TCP socket in TLS (the handshake is the caller's next operation).
    void start_tls(boost::asio::ssl::context& context);

    // Calls f(stream) with the TLS stream or the plain socket, whichever carries HTTP.
    template <class F> decltype(auto) with_stream(F&& f) { return tls_ ? f(*tls_) : f(socket_); }

    // Starts an asynchronous operation (start(handler) with handler(error_code, size_t)) and
    // runs it to completion on this thread. On timeout or cancellation the connection is
    // closed and an llmhost::Error is thrown whose message names `activity` and the peer.
    template <class Start>
    boost::system::error_code run(Start&& start, const Deadline& deadline, const CancelCheck& cancelled,
                                  std::string_view activity, std::size_t* bytes = nullptr) {
        bool completed = false;
        boost::system::error_code result;
        io_.restart();
        start([&](boost::system::error_code ec, const auto&... details) {
            result = ec;
            record_bytes(bytes, details...);
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
    // Completion handlers pass (ec), (ec, bytes) or (ec, endpoint); only bytes are kept.
    static void record_bytes(std::size_t*) {}
    static void record_bytes(std::size_t* out, std::size_t n) {
        if (out) *out = n;
    }
    template <class Other> static void record_bytes(std::size_t*, const Other&) {}

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
