#include "core/transport/exchange.hpp"

#include "core/transport/recycling_allocator.hpp"

#include <boost/asio/ssl/error.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>

#include <array>
#include <optional>
#include <span>
#include <vector>

namespace llmhost::transport {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using boost::system::error_code;

namespace {

constexpr uint32_t response_header_limit = 1024 * 1024;

// Header fields from a recycling allocator: a response's headers cost no malloc.
using ResponseParser = http::response_parser<http::buffer_body, RecyclingAllocator<char>>;

Deadline next_io_deadline(const ExchangeLimits& limits) {
    return earliest(limits.total, Deadline::after("idle", limits.idle));
}

// The peer closed the connection (cleanly or not) rather than failing in some other way.
bool is_closure(const error_code& ec) {
    return ec == http::error::partial_message || ec == http::error::end_of_stream || ec == asio::error::eof ||
           ec == asio::ssl::error::stream_truncated || ec == asio::error::connection_reset;
}

std::vector<HeaderView> header_views(const ResponseParser::value_type& message) {
    std::vector<HeaderView> views;
    views.reserve(16);
    for (const auto& field : message) {
        const auto name = field.name_string();
        const auto value = field.value();
        views.emplace_back(std::string_view(name.data(), name.size()), std::string_view(value.data(), value.size()));
    }
    return views;
}

void send_request(Connection& connection, const WireRequest& request, const ExchangeLimits& limits,
                  const CancelCheck& cancelled) {
    const std::array<asio::const_buffer, 2> bytes{asio::buffer(request.head),
                                                  asio::buffer(request.body.data(), request.body.size())};
    const error_code ec = connection.with_stream([&](auto& stream) {
        return connection.run([&](auto done) { asio::async_write(stream, bytes, std::move(done)); },
                              next_io_deadline(limits), cancelled, "sending the request to");
    });
    if (ec) throw_network("cannot send the request to " + connection.peer() + ": " + ec.message());
}

// Reads the response, calling the handler as head and body bytes arrive.
class ResponseReader {
  public:
    ResponseReader(Connection& connection, const WireRequest& request, const ResponseHandler& handler,
                   const ResponseLimits& limits)
        : connection_(connection), request_(request), handler_(handler), body_buffer_(connection.body_buffer()),
          bounds_(limits) {
        start_message();
    }

    // Returns true when the message ended cleanly and in a way that allows reuse.
    bool read(const ExchangeLimits& limits, const CancelCheck& cancelled, bool& response_started) {
        while (!parser_->is_done()) {
            parser_->get().body().data = body_buffer_.data();
            parser_->get().body().size = body_buffer_.size();
            error_code ec = read_some(limits, cancelled);
            if (parser_->got_some()) response_started = true;
            if (ec == http::error::need_buffer) ec = {}; // the body buffer is full: deliver it
            // TLS peers often just close a read-until-EOF body without close_notify.
            if (ec == asio::ssl::error::stream_truncated && parser_->is_header_done() && parser_->need_eof())
                parser_->put_eof(ec);

            if (parser_->is_header_done() && !head_delivered_) {
                if (is_interim_response()) {
                    if (ec) fail(ec);
                    start_message();
                    continue;
                }
                deliver_head();
            }
            if (head_delivered_) deliver_body(body_buffer_.size() - parser_->get().body().size);
            if (ec) fail(ec);
        }
        return parser_->keep_alive() && !request_.asks_to_close && connection_.read_buffer().size() == 0;
    }

  private:
    void start_message() {
        parser_.emplace();
        parser_->header_limit(response_header_limit);
        parser_->body_limit(boost::none);
        if (!request_.response_has_body) parser_->skip(true);
    }

    error_code read_some(const ExchangeLimits& limits, const CancelCheck& cancelled) {
        if (const error_code ec = parse_buffered(); ec != http::error::need_more) return ec;
        // Beast reads 512 bytes into an empty buffer; a stream's frames that arrive together
        // are taken in one read, and so relayed in one send, when the buffer holds as much as
        // the body buffer does (its pages are touched only as far as data comes).
        if (auto& buffer = connection_.read_buffer(); buffer.capacity() < body_buffer_.size())
            buffer.reserve(body_buffer_.size());
        const char* activity = head_delivered_ ? "reading the response body from" : "waiting for the response from";
        return connection_.with_stream([&](auto& stream) {
            return connection_.run(
                [&](auto done) { http::async_read_some(stream, connection_.read_buffer(), *parser_, std::move(done)); },
                next_io_deadline(limits), cancelled, activity);
        });
    }

    // Parses what the connection has already read, without an I/O operation (which would
    // complete through the event loop, suspending and resuming the call's fiber each time),
    // through as many chunks as the bytes at hand and the body buffer hold: a burst of frames
    // is delivered in one piece. need_more: nothing here the parser can take yet. (Beast's
    // eager mode would do the same inside one put(), but async_read_some then waits for more
    // bytes after a chunk instead of delivering it.)
    error_code parse_buffered() {
        auto& buffer = connection_.read_buffer();
        bool progressed = false;
        while (buffer.size() > 0 && !parser_->is_done()) {
            error_code ec;
            const size_t used = parser_->put(buffer.data(), ec);
            buffer.consume(used);
            progressed = progressed || used > 0;
            if (ec == http::error::need_more || (!ec && used == 0)) break;
            if (ec) return ec;
        }
        return progressed ? error_code() : error_code(http::error::need_more);
    }

    // 1xx responses other than 101 precede the real one and are skipped.
    bool is_interim_response() const {
        const unsigned status = parser_->get().result_int();
        return status >= 100 && status < 200 && status != 101;
    }

    void deliver_head() {
        head_delivered_ = true;
        const auto content_type = parser_->get()[http::field::content_type];
        bounds_.start(std::string_view(content_type.data(), content_type.size()));
        if (!handler_.on_head) return;
        const auto headers = header_views(parser_->get());
        if (!handler_.on_head(static_cast<int>(parser_->get().result_int()), headers)) stopped_by_handler();
    }

    void deliver_body(size_t size) {
        if (size == 0) return;
        const std::string_view chunk(body_buffer_.data(), size);
        if (std::string problem = bounds_.check(chunk); !problem.empty())
            throw Error(LLMH_ERR_MALFORMED_RESPONSE, std::move(problem) + " from " + connection_.peer());
        body_bytes_ += size;
        if (handler_.on_body && !handler_.on_body(chunk)) stopped_by_handler();
    }

    [[noreturn]] void stopped_by_handler() const {
        throw Error(LLMH_ERR_CANCELLED, "the response handler stopped the exchange with " + connection_.peer());
    }

    [[noreturn]] void fail(const error_code& ec) const {
        const std::string& peer = connection_.peer();
        if (head_delivered_) {
            if (is_closure(ec))
                throw_network("connection closed after " + std::to_string(body_bytes_) +
                              " bytes of the response body from " + peer);
            throw_network("error reading the response body from " + peer + " after " + std::to_string(body_bytes_) +
                          " bytes: " + ec.message());
        }
        if (is_closure(ec))
            throw_network("connection closed by " + peer + " before a complete response head (" + ec.message() + ")");
        if (ec.category() == http::make_error_code(http::error::bad_version).category())
            throw_network("invalid HTTP response from " + peer + ": " + ec.message());
        throw_network("error reading the response from " + peer + ": " + ec.message());
    }

    Connection& connection_;
    const WireRequest& request_;
    const ResponseHandler& handler_;
    const std::span<char> body_buffer_; // the connection's, reused by each of its exchanges
    std::optional<ResponseParser> parser_;
    ResponseBounds bounds_;
    bool head_delivered_ = false;
    uint64_t body_bytes_ = 0;
};

} // namespace

bool run_exchange(Connection& connection, const WireRequest& request, const ResponseHandler& handler,
                  const ExchangeLimits& limits, const CancelCheck& cancelled, bool& response_started) {
    send_request(connection, request, limits, cancelled);
    ResponseReader reader(connection, request, handler, limits.response);
    return reader.read(limits, cancelled, response_started);
}

} // namespace llmhost::transport
