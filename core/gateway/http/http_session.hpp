// One client connection (internal to the server): reads requests with timeouts, hands each
// to the handler as an HttpExchange, writes what the exchange queues, and watches for the
// client going away while a handler works. Everything here runs on the thread of the
// connection's event loop, except enqueue(), which a plugin call on a thread of its own may
// use too.
#pragma once

#include "core/fiber/fiber.hpp"
#include "core/gateway/http/http_server.hpp"
#include "core/gateway/http/request_body.hpp"
#include "core/transport/recycling_allocator.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>

#include <sys/types.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace llmhost::gateway {

// A request as the session reads it. Its header fields come from a recycling allocator, so
// reading a request's headers costs no malloc; its body is read without zero-filling it first.
using Request =
    boost::beast::http::request<RequestBody, boost::beast::http::basic_fields<transport::RecyclingAllocator<char>>>;

class ExchangeImpl;

// What a connection needs from the server that accepted it.
class ConnectionOwner {
  public:
    virtual ~ConnectionOwner() = default;
    virtual const ServerLimits& limits() const = 0;
    virtual const RequestHandler& handler() const = 0;
    virtual const HeadCheck& head_check() const = 0; // may be empty: every request goes on
    virtual void connection_closed(uint64_t id) = 0;
    // The bytes of request bodies being read, across the server (max_pending_body_bytes):
    // false when `bytes` more would exceed it.
    virtual bool reserve_body(size_t bytes) = 0;
    virtual void release_body(size_t bytes) = 0;
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
  public:
    HttpSession(boost::asio::ip::tcp::socket socket, ConnectionOwner& owner, uint64_t id);
    ~HttpSession();

    void start();
    void shutdown_gracefully(); // close when idle, or after the response in progress
    void abort();               // cancel the request in progress and close now
    // Shutdown deadline: cancel the request in progress as given up (its handler ends the
    // response properly), then close as after any response.
    void give_up();

    // Queues response bytes (any thread or fiber); `last` completes the response. When nothing
    // is queued the bytes are sent at once, without a trip through the event loop, except
    // from a fiber on this connection's loop before the last bytes: those wait until the
    // fiber does, so that the frames of one upstream read leave in one send. Waits while
    // more than the send buffer is queued. False once the connection is closed.
    bool enqueue(std::string head, std::string body, bool last);

  private:
    using Parser = boost::beast::http::request_parser<RequestBody, transport::RecyclingAllocator<char>>;
    enum class State { idle, reading, busy, closing, closed };

    void read_request();
    void read_header();
    void on_header(boost::beast::error_code ec);
    // Once the head is parsed: framing, the head check and the body budget; 0 when the
    // request may go on, else the status it is refused with (rejection_reason_ says why).
    int admit();
    void release_body_budget();
    void read_body();
    // Parses what the buffer holds; true when the head (or the whole request) is complete.
    bool parse_buffered(boost::beast::error_code& ec, bool head_only);
    void on_body(boost::beast::error_code ec);
    void dispatch(int rejected_status);
    static bool is_malformed(boost::beast::error_code ec);   // the client's bytes, not the connection, are at fault
    void refuse_malformed_body(boost::beast::error_code ec); // a 400, then close (not a silent close)
    void watch_client();
    void on_watch(boost::beast::error_code ec, size_t bytes);
    void flush();
    void on_written(boost::beast::error_code ec, size_t bytes, bool last);
    void wake_writers(); // whoever waits in enqueue() for the queue to shrink
    void response_done();
    void linger_close();
    void drain();
    void close();
    void post_to_strand(void (HttpSession::*step)());
    // Sends what the socket takes without blocking, in order, removing it from the front of
    // `pieces` (lock held). The bytes sent, or -1 when the client is gone.
    ssize_t send_now(std::span<std::string> pieces);
    bool on_own_fiber(); // called from a fiber on this connection's loop

    // Read deadlines: each arm() replaces the previous one. While a request is being served
    // the deadline only re-arms itself (see on_read_deadline).
    void arm_read_deadline(std::chrono::milliseconds timeout);
    void disarm_read_deadline();
    void set_read_timer(std::chrono::steady_clock::time_point at);
    void on_read_deadline();

    boost::asio::ip::tcp::socket socket_;
    ConnectionOwner& owner_;
    const uint64_t id_;
    boost::beast::flat_buffer buffer_;
    std::optional<Parser> parser_;
    boost::asio::steady_timer read_timer_;
    boost::asio::steady_timer write_timer_;
    static constexpr auto never = std::chrono::steady_clock::time_point::max();
    std::chrono::steady_clock::time_point read_deadline_ = never;      // the current one
    std::chrono::steady_clock::time_point read_timer_set_for_ = never; // never: not set

    // Strand-only state.
    State state_ = State::idle;
    bool keep_alive_ = true; // written before a request is handed out, read by its writers
    std::vector<std::string> writing_;
    std::weak_ptr<ExchangeImpl> exchange_;
    std::string rejection_reason_;      // for the request being read
    ResponseHeaders admission_headers_; // for the request being read
    size_t body_reserved_ = 0;          // of the server's body budget, for the request being read
    std::atomic<bool> stopping_{false}; // server shutdown: close after the current response

    // Shared with the threads that enqueue; guarded by out_mutex_.
    std::mutex out_mutex_;
    std::condition_variable out_space_; // for a writer on a plain thread
    fiber::Waker out_waiter_;           // for a writer on a fiber
    std::vector<std::string> out_;
    size_t out_bytes_ = 0;
    bool out_last_ = false;
    bool flush_posted_ = false;
    bool write_in_flight_ = false;
    bool out_closed_ = false;
    bool watching_ = false;                              // a read is pending to notice the client leaving
    bool response_complete_ = false;                     // the response went out directly; the strand catches up
    std::chrono::steady_clock::time_point completed_at_; // when it did (the idle time starts)

    friend class ExchangeImpl;
};

} // namespace llmhost::gateway
