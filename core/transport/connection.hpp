// One HTTP/1.1 connection (plain TCP or TLS). Made on a plain thread, it has its own
// io_context, so that whichever thread holds it runs its I/O to completion on that thread.
// Made on a fiber, it lives on the fiber's event loop: its waits suspend the fiber and the
// loop's thread serves others meanwhile; it is then only used by fibers of that loop. Not
// thread-safe: a connection is used by one exchange at a time and otherwise parked in the pool.
#pragma once

#include "core/fiber/fiber.hpp"
#include "core/transport/io_wait.hpp"
#include "core/transport/transport_errors.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include <memory>
#include <span>
#include <string>

namespace llmhost::transport {

// Wakes a fiber whose wait on a connection ran out of time. One timer serves every wait of the
// connection: it is set only when a wait needs an earlier time than it is set for, and when it
// fires early (the deadline moved on since) it is set again for the current one, instead of
// being set and cancelled around every read and write. Shared with its handler, which may run
// after the connection is gone.
struct FiberDeadline {
    using Clock = std::chrono::steady_clock;
    explicit FiberDeadline(boost::asio::io_context& io) : timer(io) {}
    boost::asio::steady_timer timer;
    Clock::time_point set_for = Clock::time_point::max(); // max: not set
    Clock::time_point wait_until = Clock::time_point::max();
    bool waiting = false;
    fiber::Waker waiter;
};

class Connection {
  public:
    using Clock = std::chrono::steady_clock;
    using tcp = boost::asio::ip::tcp;
    using TlsStream = boost::asio::ssl::stream<tcp::socket>;

    // `peer` is the host:port errors name. `loop`: the event loop of the fiber that makes the
    // connection, or null on a plain thread.
    Connection(std::string peer, boost::asio::io_context* loop);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    const std::string& peer() const { return peer_; }
    // The loop of the fibers that drive this connection; null on a plain thread.
    boost::asio::io_context* loop() { return on_loop_ ? &io_ : nullptr; }
    tcp::socket& tcp_socket() { return tls_ ? tls_->next_layer() : socket_; }
    TlsStream& tls_stream() { return *tls_; }
    boost::beast::flat_buffer& read_buffer() { return buffer_; }
    // Where response bodies are read into; a stream's events are far smaller, and a large
    // body simply takes more reads. Not zero-filled: only what was read is looked at.
    std::span<char> body_buffer() {
        if (!body_buffer_) body_buffer_.reset(new char[body_buffer_size]);
        return {body_buffer_.get(), body_buffer_size};
    }

    // Wraps the connected TCP socket in TLS (the handshake is the caller's next operation).
    void start_tls(boost::asio::ssl::context& context);

    // Calls f(stream) with the TLS stream or the plain socket, whichever carries HTTP.
    template <class F> decltype(auto) with_stream(F&& f) { return tls_ ? f(*tls_) : f(socket_); }

    // Starts an asynchronous operation (start(handler); the handler takes an error_code and
    // whatever else the operation reports) and waits for it to complete: on this thread, or
    // with the fiber suspended when the connection lives on a fiber's loop. On
    // timeout or cancellation the connection is closed and an llmhost::Error is thrown whose
    // message names `activity` and the peer.
    template <class Start>
    boost::system::error_code run(Start&& start, const Deadline& deadline, const CancelCheck& cancelled,
                                  std::string_view activity) {
        bool completed = false;
        boost::system::error_code result;
        WaitResult outcome;
        if (on_loop_) {
            start([&, waker = fiber::current_waker()](boost::system::error_code ec, const auto&...) {
                result = ec;
                completed = true;
                waker.wake();
            });
            outcome = wait_on_fiber(completed, deadline, cancelled);
        } else {
            io_.restart();
            start([&](boost::system::error_code ec, const auto&...) {
                result = ec;
                completed = true;
            });
            outcome = wait_for(io_, completed, deadline, cancelled);
        }
        if (outcome != WaitResult::completed) {
            abandon(completed);
            if (outcome == WaitResult::cancelled) throw_cancelled(peer_);
            throw_timeout(deadline, activity, peer_);
        }
        return result;
    }

    void close() noexcept;

    // The exchange is over: no deadline is pending while the connection sits in the pool
    // (a pending timer would keep its event loop from running out of work). Without this, the
    // timer stays armed and fires at most once per deadline, finding nobody waiting.
    void stop_waiting() noexcept;

    // True when the connection can carry another request: open, nothing unread, not closed
    // by the peer while it sat idle.
    bool is_idle_and_open();
    // The same without asking the kernel whether the peer has closed it meanwhile.
    bool is_open_without_input() { return tcp_socket().is_open() && buffer_.size() == 0; }

    Clock::time_point idle_since{};

  private:
    // Suspends the current fiber until `completed`, the deadline or cancellation (whoever
    // cancels a fiber's call wakes it).
    WaitResult wait_on_fiber(const bool& completed, const Deadline& deadline, const CancelCheck& cancelled);

    // Closes the socket so the pending operation completes (aborted), and waits for its
    // handler, which refers to the caller's stack frame.
    void abandon(const bool& completed) noexcept;

    std::string peer_;
    std::unique_ptr<boost::asio::io_context> own_io_; // on a plain thread
    boost::asio::io_context& io_;
    const bool on_loop_;
    tcp::socket socket_{io_};
    std::shared_ptr<FiberDeadline> fiber_deadline_; // made by the first wait on a fiber
    std::unique_ptr<TlsStream> tls_;
    boost::beast::flat_buffer buffer_;
    static constexpr size_t body_buffer_size = 16 * 1024;
    std::unique_ptr<char[]> body_buffer_;
};

} // namespace llmhost::transport
