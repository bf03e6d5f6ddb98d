// MockUpstream checked with a plain synchronous Beast client, independently of HttpClient, so
// that a transport bug and a mock bug cannot hide each other.
#include "support/mock_upstream.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <thread>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using llmhost::testing::MockUpstream;
using llmhost::testing::RecordedRequest;
using llmhost::testing::ScriptedResponse;
using namespace std::chrono_literals;

namespace {

long ms_since(std::chrono::steady_clock::time_point start) {
    return static_cast<long>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count());
}

struct PlainClient {
    asio::io_context io;
    tcp::socket socket{io};
    beast::flat_buffer buffer;

    explicit PlainClient(uint16_t port) { socket.connect({asio::ip::make_address("127.0.0.1"), port}); }

    void send(http::verb method, std::string target, std::string body = {}) {
        http::request<http::string_body> req{method, target, 11};
        req.set(http::field::host, "127.0.0.1");
        req.set("X-Test", "yes");
        req.body() = std::move(body);
        req.prepare_payload();
        http::write(socket, req);
    }

    http::response<http::string_body> receive(beast::error_code& ec) {
        http::response<http::string_body> res;
        http::read(socket, buffer, res, ec);
        return res;
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(content_length_response_and_recorded_request) {
    MockUpstream upstream(
        [](const RecordedRequest& r) { return ScriptedResponse::json(201, "{\"echo\":\"" + r.body + "\"}"); });
    PlainClient client(upstream.port());
    client.send(http::verb::post, "/v1/chat?x=1", "hi");
    beast::error_code ec;
    auto res = client.receive(ec);
    BOOST_TEST(!ec);
    BOOST_TEST(res.result_int() == 201);
    BOOST_TEST(res.body() == "{\"echo\":\"hi\"}");
    BOOST_TEST(res[http::field::content_length] == "13");
    BOOST_TEST(res[http::field::content_type] == "application/json");
    const auto requests = upstream.requests();
    BOOST_TEST_REQUIRE(requests.size() == 1u);
    BOOST_TEST(requests[0].method == "POST");
    BOOST_TEST(requests[0].target == "/v1/chat?x=1");
    BOOST_TEST(requests[0].header("x-test") == "yes");
    BOOST_TEST(requests[0].body == "hi");
}

BOOST_AUTO_TEST_CASE(chunked_response_with_keep_alive) {
    MockUpstream upstream([](const RecordedRequest&) {
        return ScriptedResponse::sse({"data: 1\n\n", "", "data: 2\n\n"});
    });
    PlainClient client(upstream.port());
    for (int i = 0; i < 3; ++i) {
        client.send(http::verb::get, "/");
        beast::error_code ec;
        auto res = client.receive(ec);
        BOOST_TEST(!ec);
        BOOST_TEST(res.chunked());
        BOOST_TEST(res.body() == "data: 1\n\ndata: 2\n\n");
    }
    BOOST_TEST(upstream.connections_accepted() == 1u);
}

BOOST_AUTO_TEST_CASE(keep_alive_false_closes_after_the_response) {
    MockUpstream upstream([](const RecordedRequest&) {
        auto r = ScriptedResponse::json(200, "{}");
        r.keep_alive = false;
        return r;
    });
    PlainClient client(upstream.port());
    client.send(http::verb::get, "/");
    beast::error_code ec;
    auto res = client.receive(ec);
    BOOST_TEST(!ec);
    BOOST_TEST(!res.keep_alive());
    char byte;
    client.socket.read_some(asio::buffer(&byte, 1), ec);
    BOOST_TEST((ec == asio::error::eof), ec.message());
}

BOOST_AUTO_TEST_CASE(truncated_content_length_body) {
    MockUpstream upstream([](const RecordedRequest&) {
        ScriptedResponse r;
        r.chunks = {"abc"};
        r.declared_body_size = 10;
        r.close_after_chunks = true;
        return r;
    });
    PlainClient client(upstream.port());
    client.send(http::verb::get, "/");
    beast::error_code ec;
    auto res = client.receive(ec);
    BOOST_TEST((ec == http::error::partial_message), ec.message());
}

BOOST_AUTO_TEST_CASE(chunks_are_flushed_separately_with_delays) {
    MockUpstream upstream([](const RecordedRequest&) {
        auto r = ScriptedResponse::sse({"data: a\n\n", "data: b\n\n"});
        r.delay_before_head = 50ms;
        r.delay_between_chunks = 150ms;
        return r;
    });
    PlainClient client(upstream.port());
    const auto start = std::chrono::steady_clock::now();
    client.send(http::verb::get, "/");
    http::response_parser<http::string_body> parser;
    http::read_header(client.socket, client.buffer, parser);
    const auto head_at = ms_since(start);
    http::read(client.socket, client.buffer, parser);
    const auto end_at = ms_since(start);
    BOOST_TEST(head_at >= 50);
    BOOST_TEST(end_at >= 200);
    BOOST_TEST(parser.get().body() == "data: a\n\ndata: b\n\n");
}

BOOST_AUTO_TEST_CASE(tls_with_the_test_ca_and_hostname_verification) {
    MockUpstream upstream([](const RecordedRequest&) { return ScriptedResponse::json(200, "{\"tls\":true}"); }, true);
    BOOST_TEST(upstream.base_url().starts_with("https://127.0.0.1:"));
    for (const char* name : {"localhost", "127.0.0.1"}) {
        asio::io_context io;
        ssl::context ctx(ssl::context::tls_client);
        ctx.load_verify_file(MockUpstream::test_ca_file());
        ctx.set_verify_mode(ssl::verify_peer);
        ssl::stream<tcp::socket> stream(io, ctx);
        stream.set_verify_callback(ssl::host_name_verification(name));
        stream.next_layer().connect({asio::ip::make_address("127.0.0.1"), upstream.port()});
        stream.handshake(ssl::stream_base::client);
        http::request<http::string_body> req{http::verb::get, "/", 11};
        http::write(stream, req);
        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        http::read(stream, buffer, res);
        BOOST_TEST(res.body() == "{\"tls\":true}");
    }
}

BOOST_AUTO_TEST_CASE(destructor_does_not_wait_for_idle_or_slow_connections) {
    const auto start = std::chrono::steady_clock::now();
    {
        MockUpstream upstream([](const RecordedRequest&) {
            auto r = ScriptedResponse::json(200, "{}");
            r.delay_before_head = 10s;
            return r;
        });
        PlainClient idle(upstream.port());
        PlainClient waiting(upstream.port());
        waiting.send(http::verb::get, "/");
        while (upstream.requests().empty())
            std::this_thread::sleep_for(1ms);
    }
    BOOST_TEST(ms_since(start) < 2000);
}
