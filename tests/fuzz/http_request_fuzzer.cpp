// Requests as a client sends them to the gateway: the bytes of one connection, split where
// the fuzzer chooses, read as the gateway's sessions read them (core/gateway/http/
// http_session.cpp): Beast's request parser with the server's limits, the framing check and the
// gateway's admission of the head (Host, Origin, client key) before the body, pipelined requests
// one after the other. Each request, or its refusal, goes to the gateway's router with a
// gateway that has no providers: routing, the face's body parser, selection and the error
// response all run; nothing goes upstream. Input: a byte choosing the cut points, then the
// connection's bytes.
#include "fuzz_input.hpp"

#include "core/config/config.hpp"
#include "core/fiber/fiber.hpp"
#include "core/gateway/gateway_core.hpp"
#include "core/gateway/http/http_server.hpp"
#include "core/gateway/http/request_body.hpp"
#include "core/gateway/http/request_framing.hpp"
#include "core/gateway/request_guard.hpp"
#include "core/plugins/discovery.hpp"
#include "core/registry/provider_registry.hpp"
#include "core/transport/recycling_allocator.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using namespace llmhost;

// As the session's Request and Parser.
using Request = http::request<gateway::RequestBody, http::basic_fields<transport::RecyclingAllocator<char>>>;
using Parser = http::request_parser<gateway::RequestBody, transport::RecyclingAllocator<char>>;

// A gateway without providers or client keys, made once.
struct Gateway {
    gateway::GatewayCore core{config::Config{}, plugins::PluginCatalog{{}}, settings()};
    gateway::BrowserGuard browsers{core.settings};
    asio::io_context loop;

    static gateway::GatewaySettings settings() {
        gateway::GatewaySettings s;
        s.access_log = false;
        return s;
    }
};

Gateway& gateway_instance() {
    static auto* g = new Gateway; // never destroyed: libFuzzer exits without unwinding
    return *g;
}

// The exchange a handler sees (as the session's ExchangeImpl): the request, and the response
// it was given.
class FuzzExchange final : public gateway::HttpExchange {
  public:
    FuzzExchange(Request request, int rejected, std::string reason = {})
        : request_(std::move(request)), rejected_(rejected), reason_(std::move(reason)) {
        const std::string_view target = request_.target();
        const size_t question = target.find('?');
        path_ = target.substr(0, question);
        if (question != std::string_view::npos) query_ = target.substr(question + 1);
    }

    std::string_view method() const override { return request_.method_string(); }
    std::string_view path() const override { return path_; }
    std::string_view query() const override { return query_; }
    std::string_view header(std::string_view name) const override { return request_[name]; }
    std::string& body() override { return request_.body(); }
    int rejected_status() const override { return rejected_; }
    std::string_view rejection_reason() const override { return reason_; }
    std::chrono::steady_clock::time_point received_at() const override { return std::chrono::steady_clock::now(); }

    void respond(int status, std::string_view, std::string, const gateway::ResponseHeaders&) override {
        if (status_ == 0) status_ = status;
    }
    bool begin_stream(int status, std::string_view, const gateway::ResponseHeaders&) override {
        if (status_ == 0) status_ = status;
        return true;
    }
    bool send(std::string) override { return true; }
    void end_stream() override {}
    void run_on_fiber(std::function<void()> work) override {
        auto& loop = gateway_instance().loop;
        asio::post(loop, [&loop, work = std::move(work)] { fiber::spawn(loop, work); });
    }
    const std::atomic<bool>& cancelled() const override { return cancelled_; }
    int status() const override { return status_; }

  private:
    Request request_;
    std::string_view path_, query_;
    const int rejected_;
    const std::string reason_;
    std::atomic<bool> cancelled_{false};
    int status_ = 0;
};

// Routes one request and runs whatever fiber it started to its end; every request must be
// answered, and never with a 500 (a client's bytes are never the server's fault).
void dispatch(Request request, int rejected, std::string reason = {}) {
    auto& g = gateway_instance();
    auto exchange = std::make_shared<FuzzExchange>(std::move(request), rejected, std::move(reason));
    gateway::route_request(g.core, exchange);
    g.loop.restart();
    g.loop.run();
    if (exchange->status() == 0 || exchange->status() == 500) std::abort();
}

// The connection: its bytes arrive piece by piece.
class Connection {
  public:
    explicit Connection(std::vector<std::string_view> pieces) : pieces_(std::move(pieces)) {}

    // Feeds the parser until the head (or the whole message) is complete. An error as the
    // parser reports it; end_of_stream when the bytes run out first.
    boost::beast::error_code parse(Parser& parser, bool head_only) {
        for (;;) {
            if (head_only ? parser.is_header_done() : parser.is_done()) return {};
            if (buffer_.empty() && !receive()) return http::error::end_of_stream;
            boost::beast::error_code ec;
            const size_t used = parser.put(asio::buffer(buffer_.data(), buffer_.size()), ec);
            buffer_.erase(0, used);
            if (ec == http::error::need_more || (!ec && used == 0)) {
                if (!receive()) return http::error::end_of_stream;
                continue;
            }
            if (ec) return ec;
        }
    }

    bool idle() { return buffer_.empty() && !receive(); }

  private:
    bool receive() {
        if (next_ == pieces_.size()) return false;
        buffer_.append(pieces_[next_++]);
        return true;
    }

    std::vector<std::string_view> pieces_;
    size_t next_ = 0;
    std::string buffer_;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fuzz::FuzzInput input(data, size);
    const uint8_t seed = input.byte();
    std::vector<std::string_view> pieces;
    fuzz::feed_in_pieces(input.rest(), seed, [&](std::string_view piece) { pieces.push_back(piece); });
    Connection connection(std::move(pieces));
    const gateway::ServerLimits limits;

    for (int served = 0; served < 16 && !connection.idle(); ++served) { // pipelined requests
        Parser parser;
        parser.header_limit(static_cast<uint32_t>(limits.max_header_bytes));
        parser.body_limit(limits.max_body_bytes);
        // What the session answers for each way reading fails; end of stream just closes.
        auto rejected_status = [](boost::beast::error_code ec) {
            if (ec == http::error::body_limit) return 413;
            if (ec == http::error::header_limit) return 431;
            return 400;
        };
        if (const auto ec = connection.parse(parser, true)) {
            if (ec != http::error::end_of_stream) dispatch(parser.release(), rejected_status(ec));
            return 0;
        }
        const bool keep_alive = parser.get().keep_alive() && parser.get().version() >= 11;
        // The session's admit(): framing, then the gateway's check of the head.
        if (std::string problem = gateway::framing_problem(parser.get()); !problem.empty()) {
            dispatch(parser.release(), 400, std::move(problem));
            return 0;
        }
        auto& g = gateway_instance();
        const auto admission = gateway::admit_request(g.core, g.browsers, FuzzExchange(Request(parser.get()), 0));
        if (admission.refused_status) {
            dispatch(parser.release(), admission.refused_status, admission.reason);
            return 0;
        }
        if (const auto ec = connection.parse(parser, false)) {
            static const auto& parse_errors = http::make_error_code(http::error::bad_chunk).category();
            if (ec == http::error::body_limit)
                dispatch(parser.release(), 413);
            else if (ec.category() == parse_errors && ec != http::error::end_of_stream &&
                     ec != http::error::partial_message)
                dispatch(parser.release(), 400, "malformed request body: " + ec.message());
            return 0; // the connection closes
        }
        dispatch(parser.release(), 0);
        if (!keep_alive) return 0;
    }
    return 0;
}
