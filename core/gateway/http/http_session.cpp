#include "core/gateway/http/http_session.hpp"

#include "core/fiber/fiber.hpp"
#include "core/gateway/http/request_framing.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/read.hpp>

#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <tuple>
#include <utility>

namespace llmhost::gateway {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr uint64_t large_body_read = 1 << 20; // the most of a body's length reserved for reading it at once
constexpr size_t idle_buffer_bytes = 16384;   // what a connection's read buffer keeps between requests

std::string_view reason_phrase(int status) {
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 421: return "Misdirected Request";
    case 413: return "Payload Too Large";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 499: return "Client Closed Request";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
    }
}

std::string chunk_frame(std::string_view data) {
    char size[20];
    const size_t n = static_cast<size_t>(std::to_chars(size, size + sizeof size, data.size(), 16).ptr - size);
    std::string frame;
    frame.reserve(n + 2 + data.size() + 2);
    frame.append(size, n);
    frame.append("\r\n");
    frame.append(data);
    frame.append("\r\n");
    return frame;
}

// The path and the query of a request target ("/v1/models?limit=5").
std::pair<std::string_view, std::string_view> split_target(std::string_view target) {
    const size_t question = target.find('?');
    if (question == std::string_view::npos) return {target, {}};
    return {target.substr(0, question), target.substr(question + 1)};
}

// A request's head as the head check sees it: no body, and a response side that does nothing.
class HeadView final : public HttpExchange {
  public:
    explicit HeadView(const Request& head) : head_(head) { std::tie(path_, query_) = split_target(head.target()); }
    std::string_view method() const override { return head_.method_string(); }
    std::string_view path() const override { return path_; }
    std::string_view query() const override { return query_; }
    std::string_view header(std::string_view name) const override { return head_[name]; }
    std::string& body() override { return no_body_; }
    int rejected_status() const override { return 0; }
    std::chrono::steady_clock::time_point received_at() const override { return std::chrono::steady_clock::now(); }
    void respond(int, std::string_view, std::string, const ResponseHeaders&) override {}
    bool begin_stream(int, std::string_view, const ResponseHeaders&) override { return false; }
    bool send(std::string) override { return false; }
    void end_stream() override {}
    void run_on_fiber(std::function<void()>) override {}
    const std::atomic<bool>& cancelled() const override { return never_cancelled_; }
    int status() const override { return 0; }

  private:
    const Request& head_;
    std::string_view path_, query_;
    std::string no_body_;
    std::atomic<bool> never_cancelled_{false};
};

} // namespace

// ---- The exchange a handler drives ---------------------------------------------------------

class ExchangeImpl final : public HttpExchange, public std::enable_shared_from_this<ExchangeImpl> {
  public:
    ExchangeImpl(std::shared_ptr<HttpSession> session, Request request, int rejected, std::string rejection_reason,
                 ResponseHeaders always, bool keep_alive)
        : session_(std::move(session)), request_(std::move(request)), rejected_(rejected),
          rejection_reason_(std::move(rejection_reason)), always_(std::move(always)), keep_alive_(keep_alive),
          chunked_(request_.version() >= 11), received_(std::chrono::steady_clock::now()) {
        std::tie(path_, query_) = split_target(request_.target());
        head_only_ = request_.method() == boost::beast::http::verb::head;
    }

    // A handler that dropped the exchange without finishing it still leaves the client with a
    // complete response.
    ~ExchangeImpl() override {
        if (finished_) return;
        if (status_ == 0)
            respond(500, "application/json", R"({"error":{"message":"the request was dropped","type":"server_error"}})",
                    {});
        else
            end_stream();
    }

    std::string_view method() const override { return request_.method_string(); }
    std::string_view path() const override { return path_; }
    std::string_view query() const override { return query_; }
    std::string_view header(std::string_view name) const override { return request_[name]; }
    std::string& body() override { return request_.body(); }
    int rejected_status() const override { return rejected_; }
    std::string_view rejection_reason() const override { return rejection_reason_; }
    std::chrono::steady_clock::time_point received_at() const override { return received_; }

    void respond(int status, std::string_view content_type, std::string body, const ResponseHeaders& extra) override {
        if (status_ != 0) return;
        status_ = status;
        finished_ = true;
        std::string head = head_line(status, content_type);
        if (status == 204) // RFC 9110 §8.6: no Content-Length on a 204
            body.clear();
        else
            head += "Content-Length: " + std::to_string(body.size()) + "\r\n";
        append_headers(head, always_);
        append_headers(head, extra);
        head += keep_alive_ ? "\r\n" : "Connection: close\r\n\r\n";
        if (head_only_) body.clear(); // a HEAD response says how long the body would be, and ends there
        session_->enqueue(std::move(head), std::move(body), true);
    }

    bool begin_stream(int status, std::string_view content_type, const ResponseHeaders& extra) override {
        if (status_ != 0) return false;
        status_ = status;
        std::string head = head_line(status, content_type);
        head += "Cache-Control: no-cache\r\nX-Accel-Buffering: no\r\n";
        append_headers(head, always_);
        append_headers(head, extra);
        if (chunked_) head += "Transfer-Encoding: chunked\r\n";
        head += keep_alive_ && chunked_ ? "\r\n" : "Connection: close\r\n\r\n";
        return session_->enqueue(std::move(head), {}, false);
    }

    bool send(std::string data) override {
        if (finished_ || data.empty()) return !finished_;
        return session_->enqueue(chunked_ ? chunk_frame(data) : std::move(data), {}, false);
    }

    void end_stream() override {
        if (finished_) return;
        finished_ = true;
        session_->enqueue(chunked_ ? "0\r\n\r\n" : "", {}, true);
    }

    void run_on_fiber(std::function<void()> work) override {
        auto& loop = static_cast<asio::io_context&>(session_->socket_.get_executor().context());
        fiber::spawn(loop, [this, work = std::move(work)] {
            handler_fiber_ = fiber::current_waker();
            work();
        });
    }

    const std::atomic<bool>& cancelled() const override { return cancelled_; }
    bool server_gave_up() const override { return gave_up_.load(); }
    // The connection is gone, or (`gave_up`) the server will not wait any longer. A response
    // that was already complete stands (the client read it and hung up); anything still in
    // progress is abandoned, or ended with an error when the client is still there.
    void on_client_left(std::function<void()> hook) override { client_left_ = std::move(hook); }

    void cancel(bool gave_up) {
        if (finished_.load()) return;
        if (gave_up) gave_up_.store(true);
        cancelled_.store(true);
        handler_fiber_.wake_later(); // it may be waiting for the upstream
        // Posted: cancel() may run inside the handler's own fiber (a failed write). The hook
        // is looked up when it runs, so a handler that finished meanwhile has removed it.
        if (!gave_up && client_left_)
            asio::post(session_->socket_.get_executor(), [self = shared_from_this()] {
                if (auto hook = std::exchange(self->client_left_, nullptr)) hook();
            });
    }
    int status() const override { return status_; }

  private:
    static void append_headers(std::string& head, const ResponseHeaders& extra) {
        for (const auto& [name, value] : extra) {
            head += name;
            head += ": ";
            head += value;
            head += "\r\n";
        }
    }

    std::string head_line(int status, std::string_view content_type) const {
        std::string head;
        head.reserve(192); // the whole head, so that it grows once
        head += "HTTP/1.1 ";
        head += std::to_string(status);
        head += ' ';
        head += reason_phrase(status);
        head += "\r\nContent-Type: ";
        head += content_type;
        head += "\r\n";
        return head;
    }

    std::shared_ptr<HttpSession> session_;
    Request request_;
    std::string_view path_;
    std::string_view query_;
    bool head_only_ = false; // HEAD: the head of the response, never a body
    const int rejected_;
    const std::string rejection_reason_;
    const ResponseHeaders always_; // on whichever response the handler sends (CORS)
    const bool keep_alive_;
    const bool chunked_; // HTTP/1.0 clients get a body ended by closing the connection
    const std::chrono::steady_clock::time_point received_;
    std::atomic<bool> cancelled_{false};
    std::atomic<bool> gave_up_{false};
    fiber::Waker handler_fiber_;        // set before the fiber first waits; read on the same thread
    std::function<void()> client_left_; // set and run on the connection's loop
    int status_ = 0;
    std::atomic<bool> finished_{false};
};

// ---- The connection ------------------------------------------------------------------------

HttpSession::HttpSession(asio::ip::tcp::socket socket, ConnectionOwner& owner, uint64_t id)
    : socket_(std::move(socket)), owner_(owner), id_(id), read_timer_(socket_.get_executor()),
      write_timer_(socket_.get_executor()) {}

HttpSession::~HttpSession() { owner_.connection_closed(id_); }

void HttpSession::post_to_strand(void (HttpSession::*step)()) {
    asio::post(socket_.get_executor(), [self = shared_from_this(), step] { ((*self).*step)(); });
}

void HttpSession::start() { post_to_strand(&HttpSession::read_request); }

void HttpSession::shutdown_gracefully() {
    stopping_ = true;
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
        bool complete;
        {
            std::lock_guard lock(self->out_mutex_);
            complete = self->response_complete_;
        }
        if (self->state_ == State::idle || complete) self->close(); // no request in progress
    });
}

void HttpSession::abort() { post_to_strand(&HttpSession::close); }

void HttpSession::give_up() {
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
        auto exchange = self->exchange_.lock();
        if (self->state_ != State::busy || !exchange) return self->close(); // nothing to end properly
        exchange->cancel(true);
    });
}

// One timer enforces whichever read deadline is current. Moving the deadline later costs
// nothing: the timer fires at the old time, finds the new one and is set again; only an
// earlier deadline resets it. (Arming and cancelling around each step of each request
// would cost a few timer operations per request.)
void HttpSession::arm_read_deadline(std::chrono::milliseconds timeout) {
    read_deadline_ = std::chrono::steady_clock::now() + timeout;
    if (read_timer_set_for_ > read_deadline_) set_read_timer(read_deadline_);
}

void HttpSession::disarm_read_deadline() { read_deadline_ = never; }

void HttpSession::set_read_timer(std::chrono::steady_clock::time_point at) {
    read_timer_set_for_ = at;
    read_timer_.expires_at(at);
    read_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
        if (ec) return; // set again, or the connection closed
        self->read_timer_set_for_ = never;
        self->on_read_deadline();
    });
}

void HttpSession::on_read_deadline() {
    if (read_deadline_ == never || state_ == State::closed) return;
    if (std::chrono::steady_clock::now() < read_deadline_) return set_read_timer(read_deadline_); // moved on since
    if (state_ == State::busy) { // a request is being served: idle time starts at its end
        const auto idle = owner_.limits().idle_timeout;
        std::unique_lock lock(out_mutex_);
        const auto idle_for = std::chrono::steady_clock::now() - completed_at_;
        if (!response_complete_ || idle_for < idle) {
            const auto left =
                response_complete_ ? std::chrono::duration_cast<std::chrono::milliseconds>(idle - idle_for) : idle;
            lock.unlock();
            return arm_read_deadline(std::max(left, std::chrono::milliseconds(1)));
        }
    }
    close(); // the client was too slow or idle too long: just close
}

// Waits for the next request: the first bytes within the idle timeout, then the headers
// within the header timeout, then the body within the body timeout.
void HttpSession::read_request() {
    if (state_ == State::closed || state_ == State::closing) return;
    if (stopping_) return close();
    state_ = State::idle;
    parser_.emplace();
    rejection_reason_.clear();
    admission_headers_.clear();
    parser_->header_limit(static_cast<uint32_t>(owner_.limits().max_header_bytes));
    parser_->body_limit(owner_.limits().max_body_bytes);
    if (buffer_.size() > 0) { // pipelined bytes are already here; posted, so that a burst of
        // requests answered at once does not nest one call deeper each
        return asio::post(socket_.get_executor(), [self = shared_from_this()] {
            if (self->state_ != State::idle) return; // closed meanwhile
            if (self->stopping_) return self->close();
            self->read_header();
        });
    }
    arm_read_deadline(owner_.limits().idle_timeout);
    socket_.async_read_some(buffer_.prepare(4096), [self = shared_from_this()](beast::error_code ec, size_t n) {
        self->disarm_read_deadline();
        if (ec) return self->close();
        self->buffer_.commit(n);
        self->read_header();
    });
}

void HttpSession::read_header() {
    state_ = State::reading;
    // A request usually arrives whole: its head is parsed from the buffer here, and only a
    // head still incomplete is read asynchronously.
    beast::error_code ec;
    if (parse_buffered(ec, true) || ec) return on_header(ec);
    arm_read_deadline(owner_.limits().header_timeout);
    http::async_read_header(socket_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, size_t) { self->on_header(ec); });
}

void HttpSession::on_header(beast::error_code ec) {
    disarm_read_deadline();
    if (state_ == State::closed) return;
    if (ec == http::error::end_of_stream || ec == asio::error::operation_aborted) return close();
    if (ec == http::error::body_limit) return dispatch(413); // Content-Length over the limit
    if (ec == http::error::header_limit) return dispatch(431);
    if (ec) {
        rejection_reason_ = "malformed HTTP request: " + ec.message();
        return dispatch(400);
    }
    const auto& request = parser_->get();
    keep_alive_ = request.keep_alive() && request.version() >= 11;
    if (const int refused = admit()) return dispatch(refused);
    if (beast::iequals(request[http::field::expect], "100-continue") && !parser_->is_done()) {
        // curl waits for this before sending a body over 1 KiB.
        static const std::string continue_line = "HTTP/1.1 100 Continue\r\n\r\n";
        asio::async_write(socket_, asio::buffer(continue_line),
                          [self = shared_from_this()](beast::error_code ec, size_t) {
                              if (ec) return self->close();
                              self->read_body();
                          });
        return;
    }
    if (parser_->is_done()) return dispatch(0);
    beast::error_code body_ec;
    if (parse_buffered(body_ec, false)) return dispatch(0);
    if (body_ec == http::error::body_limit) return dispatch(413);
    if (is_malformed(body_ec)) return refuse_malformed_body(body_ec);
    if (body_ec) return close();
    read_body();
}

int HttpSession::admit() {
    const Request& head = parser_->get();
    if (std::string problem = framing_problem(head); !problem.empty()) {
        rejection_reason_ = std::move(problem);
        return 400;
    }
    if (const auto& check = owner_.head_check()) {
        Admission admission = check(HeadView(head));
        admission_headers_ = std::move(admission.headers);
        if (admission.refused_status) {
            rejection_reason_ = std::move(admission.reason);
            return admission.refused_status;
        }
    }
    if (parser_->is_done()) return 0;
    // A chunked body may grow to the limit; a Content-Length one is allocated whole at once.
    const auto length = parser_->content_length();
    const size_t bytes = length ? static_cast<size_t>(*length) : owner_.limits().max_body_bytes;
    if (!owner_.reserve_body(bytes)) {
        rejection_reason_ = "the server is receiving too many request bodies at once ([server] "
                            "max_pending_body_bytes); retry shortly";
        return 503;
    }
    body_reserved_ = bytes;
    return 0;
}

void HttpSession::release_body_budget() {
    if (body_reserved_) owner_.release_body(std::exchange(body_reserved_, 0));
}

void HttpSession::refuse_malformed_body(beast::error_code ec) {
    rejection_reason_ = "malformed request body: " + ec.message();
    dispatch(400);
}

bool HttpSession::is_malformed(beast::error_code ec) {
    static const auto& parse_errors = http::make_error_code(http::error::bad_chunk).category();
    return ec && ec.category() == parse_errors && ec != http::error::end_of_stream &&
           ec != http::error::partial_message;
}

// Feeds the parser what the buffer holds, up to the end of the head or of the whole message;
// true when that part is complete. Sparing an asynchronous read per part matters: a small
// request usually arrives in one piece.
bool HttpSession::parse_buffered(beast::error_code& ec, bool head_only) {
    const auto complete = [&] { return head_only ? parser_->is_header_done() : parser_->is_done(); };
    while (!complete() && buffer_.size() > 0) {
        const size_t used = parser_->put(buffer_.data(), ec);
        buffer_.consume(used);
        if (ec == http::error::need_more) {
            ec = {};
            break;
        }
        if (ec || used == 0) break;
    }
    return !ec && complete();
}

void HttpSession::read_body() {
    arm_read_deadline(owner_.limits().body_timeout);
    // A body of known length comes in as few reads as the socket allows (an agent's request is
    // tens of KB; the head's 4 KB buffer would take one read, and one wakeup, per 4 KB).
    if (const auto left = parser_->content_length_remaining())
        buffer_.reserve(buffer_.size() + static_cast<size_t>(std::min<uint64_t>(*left, large_body_read)));
    http::async_read(socket_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) { self->on_body(ec); });
}

void HttpSession::on_body(beast::error_code ec) {
    disarm_read_deadline();
    if (state_ == State::closed) return;
    if (ec == http::error::body_limit) return dispatch(413); // a chunked body that grew too large
    if (is_malformed(ec)) return refuse_malformed_body(ec);
    if (ec) return close();
    if (buffer_.capacity() > idle_buffer_bytes) buffer_.shrink_to_fit(); // an idle connection stays small
    dispatch(0);
}

void HttpSession::dispatch(int rejected_status) {
    state_ = State::busy;
    if (rejected_status) keep_alive_ = false; // the rest of the request was not read
    release_body_budget();                    // read whole, or never to be
    auto exchange =
        std::make_shared<ExchangeImpl>(shared_from_this(), parser_->release(), rejected_status,
                                       std::move(rejection_reason_), std::move(admission_headers_), keep_alive_);
    parser_.reset();
    exchange_ = exchange;
    {
        std::lock_guard lock(out_mutex_);
        response_complete_ = false;
    }
    if (keep_alive_) {
        arm_read_deadline(owner_.limits().idle_timeout); // re-arms itself until the response is done
        watch_client();
    }
    owner_.handler()(std::move(exchange));
}

// A read while the handler works: it completes with an error the moment the client closes
// the connection, which cancels the provider call. Bytes that arrive instead are the next
// (pipelined) request and stay in the buffer. After the response, the same read waits for
// the next request.
void HttpSession::watch_client() {
    if (buffer_.size() > 0) return; // already holds the next request; nothing to watch
    {
        std::lock_guard lock(out_mutex_);
        watching_ = true;
    }
    socket_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this()](beast::error_code ec, size_t n) { self->on_watch(ec, n); });
}

void HttpSession::on_watch(beast::error_code ec, size_t n) {
    bool complete;
    {
        std::lock_guard lock(out_mutex_);
        watching_ = false;
        complete = response_complete_;
    }
    if (ec) return close(); // the client left (or the connection was closed under us)
    buffer_.commit(n);
    if (state_ == State::closing) return drain();
    if (complete) { // the response went out from a worker: this is the next request
        response_done();
        return;
    }
    if (state_ == State::idle) { // the response was done: this is the next request
        disarm_read_deadline();
        read_request();
    }
}

ssize_t HttpSession::send_now(std::span<std::string> pieces) {
    iovec parts[64];
    size_t count = 0;
    for (auto& piece : pieces)
        if (!piece.empty() && count < std::size(parts)) parts[count++] = {piece.data(), piece.size()};
    if (count == 0) return 0;
    msghdr message{};
    message.msg_iov = parts;
    message.msg_iovlen = count;
    const ssize_t sent = ::sendmsg(socket_.native_handle(), &message, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : -1;
    size_t left = static_cast<size_t>(sent);
    for (auto& piece : pieces) {
        const size_t taken = std::min(left, piece.size());
        piece.erase(0, taken);
        left -= taken;
        if (left == 0) break;
    }
    return sent;
}

bool HttpSession::on_own_fiber() {
    return fiber::in_fiber() && &fiber::current_io() == &socket_.get_executor().context();
}

bool HttpSession::enqueue(std::string head, std::string body, bool last) {
    std::unique_lock lock(out_mutex_);
    const size_t limit = owner_.limits().send_buffer_bytes;
    // A slow reader holds the stream back instead of growing the queue; the write timeout
    // closes the connection (ending this wait) if it stops reading altogether.
    if (fiber::in_fiber()) {
        while (!out_closed_ && out_bytes_ >= limit) {
            out_waiter_ = fiber::current_waker();
            lock.unlock();
            fiber::suspend();
            lock.lock();
        }
    } else {
        out_space_.wait(lock, [&] { return out_closed_ || out_bytes_ < limit; });
    }
    if (out_closed_) return false;
    // Nothing ahead of these bytes: send them from here. close() takes the same lock before
    // closing the socket, so the descriptor cannot change underneath.
    const bool wait_for_more = !last && on_own_fiber();
    if (!wait_for_more && !write_in_flight_ && out_.empty() && !flush_posted_) {
        std::string pieces[] = {std::move(head), std::move(body)};
        if (send_now(pieces) < 0) {
            lock.unlock();
            post_to_strand(&HttpSession::close);
            return false;
        }
        head = std::move(pieces[0]);
        body = std::move(pieces[1]);
        if (head.empty() && body.empty()) {
            if (!last) return true;
            // While the watch read is pending (keep-alive), its completion picks up from
            // here; otherwise the strand must be told.
            if (watching_ && keep_alive_ && !stopping_) {
                response_complete_ = true;
                completed_at_ = std::chrono::steady_clock::now();
                return true;
            }
            lock.unlock();
            post_to_strand(&HttpSession::response_done);
            return true;
        }
    }
    out_bytes_ += head.size() + body.size();
    if (!head.empty()) out_.push_back(std::move(head));
    if (!body.empty()) out_.push_back(std::move(body));
    out_last_ = out_last_ || last;
    const bool post = !flush_posted_;
    flush_posted_ = true;
    lock.unlock();
    if (post) post_to_strand(&HttpSession::flush);
    return true;
}

void HttpSession::flush() {
    bool last = false;
    ssize_t sent = 0;
    {
        std::lock_guard lock(out_mutex_);
        flush_posted_ = false;
        if (write_in_flight_ || out_closed_) return; // on_written flushes again
        writing_.swap(out_);
        last = out_last_;
        out_last_ = false;
        // Most often the socket takes it all at once: no write operation, no timer.
        sent = send_now(writing_);
        if (sent > 0) out_bytes_ -= std::min(out_bytes_, static_cast<size_t>(sent));
        std::erase_if(writing_, [](const std::string& piece) { return piece.empty(); });
        write_in_flight_ = sent >= 0 && !writing_.empty();
    }
    if (sent < 0) return close();
    if (sent > 0) wake_writers();
    if (writing_.empty()) {
        if (last) response_done();
        return;
    }
    std::vector<asio::const_buffer> buffers;
    buffers.reserve(writing_.size());
    for (const auto& piece : writing_)
        buffers.push_back(asio::buffer(piece));
    write_timer_.expires_after(owner_.limits().write_timeout);
    write_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
        if (ec) return;
        bool stuck;
        {
            std::lock_guard lock(self->out_mutex_);
            stuck = self->write_in_flight_;
        }
        if (stuck) self->close(); // the client stopped reading
    });
    asio::async_write(socket_, buffers, [self = shared_from_this(), last](beast::error_code ec, size_t n) {
        self->on_written(ec, n, last);
    });
}

void HttpSession::wake_writers() {
    fiber::Waker waiter;
    {
        std::lock_guard lock(out_mutex_);
        waiter = std::exchange(out_waiter_, {});
    }
    out_space_.notify_all();
    waiter.wake_later();
}

void HttpSession::on_written(beast::error_code ec, size_t bytes, bool last) {
    write_timer_.cancel();
    {
        std::lock_guard lock(out_mutex_);
        write_in_flight_ = false;
        out_bytes_ -= std::min(out_bytes_, bytes);
    }
    wake_writers();
    if (ec) return close();
    writing_.clear();
    if (last) return response_done();
    flush(); // whatever was queued meanwhile
}

void HttpSession::response_done() {
    if (state_ == State::closed || state_ == State::closing) return;
    exchange_.reset();
    bool watching;
    {
        std::lock_guard lock(out_mutex_);
        response_complete_ = false;
        watching = watching_;
    }
    if (!keep_alive_ || stopping_) return linger_close();
    state_ = State::idle;
    if (watching) { // the watch read doubles as the wait for the next request
        arm_read_deadline(owner_.limits().idle_timeout);
        return;
    }
    disarm_read_deadline();
    read_request();
}

// Closing a socket with unread input makes the kernel send a reset, which can destroy the
// response before the client reads it (a 413 while the client is still uploading). So:
// half-close, read and discard until the client closes too, for a short while at most.
void HttpSession::linger_close() {
    state_ = State::closing;
    beast::error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    arm_read_deadline(std::chrono::milliseconds(2000));
    bool watching;
    {
        std::lock_guard lock(out_mutex_);
        watching = watching_;
    }
    if (!watching) drain(); // else the pending watch read continues the draining
}

void HttpSession::drain() {
    buffer_.consume(buffer_.size());
    socket_.async_read_some(buffer_.prepare(16384), [self = shared_from_this()](beast::error_code ec, size_t) {
        if (ec) return self->close();
        self->drain();
    });
}

void HttpSession::close() {
    if (state_ == State::closed) return;
    state_ = State::closed;
    {
        std::lock_guard lock(out_mutex_);
        out_closed_ = true;
        out_.clear();
        // Under the lock: a worker sending directly holds it (see enqueue).
        beast::error_code ignored;
        socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
        socket_.close(ignored);
    }
    wake_writers();
    if (auto exchange = exchange_.lock()) exchange->cancel(false);
    exchange_.reset();
    release_body_budget();
    disarm_read_deadline();
    read_timer_.cancel(); // its handler holds the session
    read_timer_set_for_ = never;
    write_timer_.cancel();
}

} // namespace llmhost::gateway
