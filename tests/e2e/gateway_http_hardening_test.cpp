// The gateway's HTTP server against hostile clients and web pages, through `llmhost serve`:
// requests whose framing a proxy could read differently are refused and the connection closed
// (no smuggled second request); a request without the client key is refused from its head
// alone (no body read, no 100 Continue), and bodies being read at once are bounded; browsers
// may use the gateway only by its own names and from allowed origins (DNS rebinding, drive-by
// POSTs), with CORS preflights answered; and a stream cut by the shutdown deadline still ends
// with the face's error event and a complete chunked body.
#include "gateway_test_support.hpp"

#include "core/gateway/request_guard.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

using namespace llmhost::testing;
using namespace gateway_e2e;
namespace json = boost::json;

namespace {

const std::string mock_config = "default_provider = \"mock\"\n";
const std::string chat_body = R"({"model":"mock/echo","messages":[{"role":"user","content":"hi"}]})";

size_t count_of(const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
        ++n;
    return n;
}

// Sends `bytes` on a fresh connection and reads until the server closes it.
std::string exchange_raw(uint16_t port, const std::string& bytes) {
    RawConnection c(port);
    c.send(bytes);
    c.read_to_end(std::chrono::seconds(5));
    return c.received();
}

std::string message_of(const Reply& r) {
    return std::string(json::parse(r.body).at("error").at("message").as_string());
}

} // namespace

BOOST_AUTO_TEST_SUITE(request_smuggling)

BOOST_AUTO_TEST_CASE(a_transfer_encoding_not_ending_in_chunked_is_a_400_and_the_connection_closes) {
    GatewayProcess gw(mock_config);
    // Each would leave its "body" — a second request — to be parsed as the next request.
    const std::string smuggled = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    for (const std::string& framing : std::vector<std::string>{
             "Transfer-Encoding: gzip\r\n", "Transfer-Encoding: xchunked\r\n",
             "Transfer-Encoding: chunked, identity\r\n",
             "Transfer-Encoding: gzip\r\nContent-Length: " + std::to_string(smuggled.size()) + "\r\n"}) {
        const std::string got = exchange_raw(gw.port(), "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                                                            framing + "\r\n" + smuggled);
        BOOST_TEST(got.find("HTTP/1.1 400") == 0u, framing << got);
        BOOST_TEST(count_of(got, "HTTP/1.1 ") == 1u, framing << got); // the smuggled request was not served
        BOOST_TEST(got.find("Connection: close") != std::string::npos, got);
    }
}

BOOST_AUTO_TEST_CASE(a_bad_chunk_size_is_a_400_not_a_silent_close) {
    GatewayProcess gw(mock_config);
    const std::string got = exchange_raw(gw.port(), "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                    "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                                                    "\r\nzz\r\n{}\r\n0\r\n\r\n");
    BOOST_TEST(got.find("HTTP/1.1 400") == 0u, got);
    BOOST_TEST(got.find("malformed request body") != std::string::npos, got);
}

BOOST_AUTO_TEST_CASE(an_absolute_form_target_is_refused_the_gateway_is_no_proxy) {
    GatewayProcess gw(mock_config);
    const std::string got = exchange_raw(
        gw.port(), "POST http://127.0.0.1/v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                   "application/json\r\nContent-Length: " +
                       std::to_string(chat_body.size()) + "\r\n\r\n" + chat_body);
    BOOST_TEST(got.find("HTTP/1.1 400") == 0u, got);
    BOOST_TEST(got.find("not a proxy") != std::string::npos, got);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(unauthenticated_memory)

BOOST_AUTO_TEST_CASE(a_request_without_the_key_is_refused_from_its_head_without_100_continue) {
    GatewayProcess gw("[server]\napi_keys = [\"${GW_KEY}\"]\n" + mock_config, {"GW_KEY=secret-1"});
    const std::string head = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                             "application/json\r\nContent-Length: 9000000\r\nExpect: 100-continue\r\n";
    RawConnection stranger(gw.port());
    stranger.send(head + "\r\n");
    // Answered at once, body unread: no 100 Continue, a 401, then the connection closes.
    BOOST_REQUIRE(stranger.read_until("\r\n\r\n", std::chrono::seconds(3)));
    BOOST_TEST(stranger.received().find("HTTP/1.1 401") == 0u, stranger.received());
    stranger.read_to_end(std::chrono::seconds(5));
    BOOST_TEST(stranger.received().find("100 Continue") == std::string::npos);

    RawConnection client(gw.port());
    client.send(head + "Authorization: Bearer secret-1\r\n\r\n");
    BOOST_TEST(client.read_until("HTTP/1.1 100 Continue\r\n\r\n", std::chrono::seconds(3)), client.received());
}

BOOST_AUTO_TEST_CASE(bodies_being_read_at_once_are_bounded_and_healthz_keeps_answering) {
    GatewayProcess gw("[server]\nmax_pending_body_bytes = 1000000\n" + mock_config);
    const auto head = [](size_t length) {
        return "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
               "Content-Length: " +
               std::to_string(length) + "\r\n\r\n";
    };
    RawConnection slow(gw.port()); // holds 600 kB of the budget while it trickles its body
    slow.send(head(600'000) + "{\"model\":");
    std::this_thread::sleep_for(std::chrono::milliseconds(200)); // the head reaches the server
    RawConnection second(gw.port());
    second.send(head(600'000));
    second.read_to_end(std::chrono::seconds(5));
    BOOST_TEST(second.received().find("HTTP/1.1 503") == 0u, second.received());
    BOOST_TEST(second.received().find("max_pending_body_bytes") != std::string::npos, second.received());

    BOOST_TEST(request(gw.port(), "GET", "/healthz").status == 200);
    BOOST_TEST(post_json(gw.port(), "/v1/chat/completions", chat_body).status == 200); // small ones still fit

    slow.close(); // its share comes back
    BOOST_TEST(eventually(
        [&] {
            RawConnection third(gw.port());
            third.send(head(600'000));
            return !third.read_until("HTTP/1.1 503", std::chrono::milliseconds(300));
        },
        std::chrono::seconds(5)));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(browsers)

BOOST_AUTO_TEST_CASE(a_foreign_web_page_cannot_post_to_a_loopback_gateway) {
    GatewayProcess gw(mock_config);
    // What any page can send without a preflight: a "simple" text/plain POST.
    const auto drive_by = request(gw.port(), "POST", "/v1/chat/completions", chat_body,
                                  {{"Content-Type", "text/plain"}, {"Origin", "https://evil.example"}});
    BOOST_TEST(drive_by.status == 403);
    BOOST_TEST(message_of(drive_by).find("[server] cors_origins") != std::string::npos, drive_by.body);
    BOOST_TEST(drive_by.header("Access-Control-Allow-Origin").empty());

    // DNS rebinding: the page's own name, pointed at 127.0.0.1, arrives as Host.
    const auto rebound = post_json(gw.port(), "/v1/chat/completions", chat_body, {{"Host", "evil.example:8080"}});
    BOOST_TEST(rebound.status == 403);
    BOOST_TEST(message_of(rebound).find("[server] allowed_hosts") != std::string::npos, rebound.body);

    // The names the gateway is known by, with or without port, and clients that send no Origin.
    const std::string port = std::to_string(gw.port());
    for (const std::string& host :
         std::vector<std::string>{"127.0.0.1:" + port, "localhost:" + port, "localhost", "[::1]:" + port})
        BOOST_TEST(post_json(gw.port(), "/v1/chat/completions", chat_body, {{"Host", host}}).status == 200, host);
    // A page the gateway itself served is same-origin.
    BOOST_TEST(post_json(gw.port(), "/v1/chat/completions", chat_body,
                         {{"Host", "127.0.0.1:" + port}, {"Origin", "http://127.0.0.1:" + port}})
                   .status == 200);
    // Load balancers probe /healthz by any name.
    BOOST_TEST(request(gw.port(), "GET", "/healthz", {}, {{"Host", "lb.example"}}).status == 200);
}

BOOST_AUTO_TEST_CASE(allowed_origins_get_cors_headers_and_answered_preflights) {
    GatewayProcess gw("[server]\napi_keys = [\"${GW_KEY}\"]\ncors_origins = [\"https://app.example\"]\n"
                      "allowed_hosts = [\"gw.internal\"]\n" +
                          mock_config,
                      {"GW_KEY=secret-1"});
    // The preflight carries no key; it is answered for the allowed origin only.
    const auto preflight = request(gw.port(), "OPTIONS", "/v1/chat/completions", {},
                                   {{"Origin", "https://app.example"},
                                    {"Access-Control-Request-Method", "POST"},
                                    {"Access-Control-Request-Headers", "authorization, content-type"}});
    BOOST_TEST(preflight.status == 204);
    BOOST_TEST(preflight.header("Access-Control-Allow-Origin") == "https://app.example");
    BOOST_TEST(preflight.header("Access-Control-Allow-Headers") == "authorization, content-type");
    BOOST_TEST(preflight.header("Access-Control-Allow-Methods").find("POST") != std::string::npos);
    BOOST_TEST(!preflight.header("Access-Control-Max-Age").empty());
    BOOST_TEST(preflight.header("Vary") == "Origin");
    const auto foreign = request(gw.port(), "OPTIONS", "/v1/chat/completions", {},
                                 {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}});
    BOOST_TEST(foreign.status == 403);

    const auto r = post_json(
        gw.port(), "/v1/chat/completions", chat_body,
        {{"Origin", "https://app.example"}, {"Authorization", "Bearer secret-1"}, {"Host", "gw.internal:8080"}});
    BOOST_TEST(r.status == 200, r.body);
    BOOST_TEST(r.header("Access-Control-Allow-Origin") == "https://app.example");
    BOOST_TEST(r.header("Vary") == "Origin");
    BOOST_TEST(r.header("Access-Control-Expose-Headers").find("Retry-After") != std::string::npos);
    // Errors are readable by the page too.
    const auto no_key = post_json(gw.port(), "/v1/chat/completions", chat_body, {{"Origin", "https://app.example"}});
    BOOST_TEST(no_key.status == 401);
    BOOST_TEST(no_key.header("Access-Control-Allow-Origin") == "https://app.example");
}

BOOST_AUTO_TEST_CASE(allowed_hosts_star_answers_to_any_host) {
    GatewayProcess gw("[server]\nallowed_hosts = [\"*\"]\n" + mock_config);
    BOOST_TEST(post_json(gw.port(), "/v1/chat/completions", chat_body, {{"Host", "llm.corp.example"}}).status == 200);
}

// GatewayProcess serves on 127.0.0.1 only, so the rule for a gateway on every interface is
// checked on the guard itself.
BOOST_AUTO_TEST_CASE(a_gateway_on_every_interface_answers_to_any_host_only_with_keys) {
    namespace gw = llmhost::gateway;
    struct Head final : gw::HttpExchange {
        std::string_view method() const override { return "POST"; }
        std::string_view path() const override { return "/v1/chat/completions"; }
        std::string_view query() const override { return {}; }
        std::string_view header(std::string_view name) const override {
            return name == "host" ? std::string_view("llm.corp.example") : std::string_view();
        }
        std::string& body() override { return body_; }
        int rejected_status() const override { return 0; }
        std::chrono::steady_clock::time_point received_at() const override { return {}; }
        void respond(int, std::string_view, std::string, const gw::ResponseHeaders&) override {}
        bool begin_stream(int, std::string_view, const gw::ResponseHeaders&) override { return false; }
        bool send(std::string) override { return false; }
        void end_stream() override {}
        void run_on_fiber(std::function<void()>) override {}
        const std::atomic<bool>& cancelled() const override { return cancelled_; }
        int status() const override { return 0; }
        std::string body_;
        std::atomic<bool> cancelled_{false};
    } head;
    gw::GatewaySettings settings;
    settings.listen = {"0.0.0.0", 8080};
    BOOST_TEST(gw::BrowserGuard(settings).admit(head).refused_status == 403);
    settings.api_keys = {"secret-1"};
    BOOST_TEST(gw::BrowserGuard(settings).admit(head).refused_status == 0);
    settings.listen = {"127.0.0.1", 8080};
    BOOST_TEST(gw::BrowserGuard(settings).admit(head).refused_status == 403);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(a_stream_cut_at_the_shutdown_deadline_ends_with_the_faces_error_event) {
    EndlessStreamUpstream up(std::chrono::milliseconds(50));
    GatewayProcess gw("[server]\nshutdown_timeout_ms = 300\n" + openai_provider("a", up.base_url()));
    const std::string body = R"({"model":"a/m","stream":true,"messages":[{"role":"user","content":"hi"}]})";
    RawConnection client(gw.port());
    client.send("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                "Content-Length: " +
                std::to_string(body.size()) + "\r\n\r\n" + body);
    BOOST_REQUIRE(client.read_until("tick", std::chrono::seconds(5)));
    const auto start = std::chrono::steady_clock::now();
    gw.signal(SIGTERM);
    client.read_to_end(std::chrono::seconds(10));
    const std::string& got = client.received();
    BOOST_TEST(got.find("shutting down") != std::string::npos, got);
    BOOST_TEST(got.size() >= 5u);
    BOOST_TEST(got.substr(got.size() - 5) == "0\r\n\r\n", got); // the chunked body is complete
    BOOST_TEST(gw.wait(std::chrono::seconds(10)) == 0, gw.stderr_text());
    BOOST_TEST((std::chrono::steady_clock::now() - start < std::chrono::seconds(4)));
    BOOST_TEST(eventually([&] { return up.peer_closed(); }, std::chrono::seconds(3)));
}
