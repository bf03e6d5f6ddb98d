// HttpClient over plain HTTP against MockUpstream and raw sockets on 127.0.0.1: framing,
// incremental delivery, keep-alive, truncation, timeouts, cancellation and concurrency.
#include "integration/transport_socket_servers.hpp"
#include "integration/transport_test_support.hpp"
#include "support/mock_upstream.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>

using namespace transport_test;
using namespace std::chrono_literals;
using llmhost::testing::MockUpstream;
using llmhost::testing::RecordedRequest;
using llmhost::testing::ScriptedResponse;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string host_port(const MockUpstream& upstream) { return "127.0.0.1:" + std::to_string(upstream.port()); }

// A port with nothing listening on it.
uint16_t closed_port() {
    asio::io_context io;
    tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
    return acceptor.local_endpoint().port();
}

} // namespace

BOOST_AUTO_TEST_CASE(content_length_response_and_request_framing) {
    MockUpstream upstream([](const RecordedRequest& r) {
        auto response = ScriptedResponse::json(200, "{\"got\":\"" + r.body + "\"}");
        response.headers.emplace_back("X-Request-Id", "req-1");
        return response;
    });
    transport::HttpClient client(direct_options());
    const transport::HeaderView headers[] = {{"Authorization", "Bearer sk-secret"},
                                             {"Content-Type", "application/json"}};
    transport::Request request;
    request.method = "POST";
    request.headers = headers;
    request.body = "hello";
    Collected got;
    const auto result = fetch(client, upstream.base_url() + "/v1/chat/completions?x=1", got, request);
    BOOST_TEST_REQUIRE(result.ok(), result.message);
    BOOST_TEST(got.status == 200);
    BOOST_TEST(got.body == "{\"got\":\"hello\"}");
    BOOST_TEST(got.header("x-request-id") == "req-1");
    BOOST_TEST(got.header("content-type") == "application/json");

    const auto recorded = upstream.requests();
    BOOST_TEST_REQUIRE(recorded.size() == 1u);
    BOOST_TEST(recorded[0].method == "POST");
    BOOST_TEST(recorded[0].target == "/v1/chat/completions?x=1");
    BOOST_TEST(recorded[0].header("host") == host_port(upstream));
    BOOST_TEST(recorded[0].header("content-length") == "5");
    BOOST_TEST(recorded[0].header("authorization") == "Bearer sk-secret");
    BOOST_TEST(recorded[0].body == "hello");
}

BOOST_AUTO_TEST_CASE(chunked_response_is_dechunked) {
    MockUpstream upstream([](const RecordedRequest&) {
        return ScriptedResponse::sse({"data: {\"a\":1}\n\n", "data: {\"b\":2}\n\n", "data: [DONE]\n\n"});
    });
    transport::HttpClient client(direct_options());
    Collected got;
    const auto result = fetch(client, upstream.base_url() + "/stream", got);
    BOOST_TEST_REQUIRE(result.ok(), result.message);
    BOOST_TEST(got.header("content-type") == "text/event-stream");
    BOOST_TEST(got.body == "data: {\"a\":1}\n\ndata: {\"b\":2}\n\ndata: [DONE]\n\n");
}

BOOST_AUTO_TEST_CASE(body_read_until_the_server_closes) {
    SocketServer server([](tcp::socket& s) {
        std::string pending;
        if (read_request_head(s, pending)) write_all(s, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil eof");
    });
    transport::HttpClient client(direct_options());
    Collected got;
    const auto result = fetch(client, "http://127.0.0.1:" + std::to_string(server.port()) + "/", got);
    BOOST_TEST_REQUIRE(result.ok(), result.message);
    BOOST_TEST(got.body == "until eof");
}

BOOST_AUTO_TEST_CASE(large_bodies_both_ways) {
    const std::string big_request(1 << 20, 'q');
    std::string big_response;
    for (int i = 0; big_response.size() < (5u << 20); ++i)
        big_response += "line " + std::to_string(i) + "\n";
    MockUpstream upstream([&](const RecordedRequest& r) {
        ScriptedResponse response;
        response.chunks = {big_response.substr(0, 1000), big_response.substr(1000)};
        response.headers = {{"X-Request-Size", std::to_string(r.body.size())}};
        return response;
    });
    transport::HttpClient client(direct_options());
    transport::Request request;
    request.method = "PUT";
    request.body = big_request;
    Collected got;
    const auto result = fetch(client, upstream.base_url() + "/big", got, request);
    BOOST_TEST_REQUIRE(result.ok(), result.message);
    BOOST_TEST(got.header("x-request-size") == std::to_string(big_request.size()));
    BOOST_TEST(got.body.size() == big_response.size());
    BOOST_TEST((got.body == big_response));
    BOOST_TEST(got.pieces.size() > 1u); // delivered as it arrived, not as one buffer
}

BOOST_AUTO_TEST_CASE(body_pieces_arrive_before_the_server_sends_the_next) {
    MockUpstream upstream([](const RecordedRequest&) {
        auto response = ScriptedResponse::sse({"data: first\n\n", "data: second\n\n"});
        response.delay_between_chunks = 300ms;
        return response;
    });
    transport::HttpClient client(direct_options());
    Collected got;
    const auto result = fetch(client, upstream.base_url() + "/", got);
    BOOST_TEST_REQUIRE(result.ok(), result.message);
    BOOST_TEST_REQUIRE(got.pieces.size() >= 2u);
    BOOST_TEST(got.pieces.front().second == "data: first\n\n");
    BOOST_TEST(ms_between(got.pieces.front().first, got.pieces.back().first) >= 250);
}

BOOST_AUTO_TEST_CASE(keep_alive_connection_is_reused) {
    MockUpstream upstream([](const RecordedRequest&) { return ScriptedResponse::json(200, "{}"); });
    transport::HttpClient client(direct_options());
    for (int i = 0; i < 3; ++i) {
        Collected got;
        const auto result = fetch(client, upstream.base_url() + "/r" + std::to_string(i), got);
        BOOST_TEST_REQUIRE(result.ok(), result.message);
    }
    BOOST_TEST(upstream.connections_accepted() == 1u);
    BOOST_TEST(client.connections_opened() == 1u);
}

BOOST_AUTO_TEST_CASE(pool_limits_idle_age_and_count) {
    MockUpstream upstream([](const RecordedRequest&) { return ScriptedResponse::json(200, "{}"); });
    auto aging = direct_options();
    aging.max_idle_age = 50ms;
    transport::HttpClient expiring(aging);
    auto no_pool = direct_options();
    no_pool.max_idle_connections_per_host = 0;
    transport::HttpClient unpooled(no_pool);
    for (int i = 0; i < 2; ++i) {
        Collected a, b;
        BOOST_TEST_REQUIRE(fetch(expiring, upstream.base_url() + "/", a).ok());
        BOOST_TEST_REQUIRE(fetch(unpooled, upstream.base_url() + "/", b).ok());
        std::this_thread::sleep_for(120ms);
    }
    BOOST_TEST(expiring.connections_opened() == 2u);
    BOOST_TEST(unpooled.connections_opened() == 2u);
}

BOOST_AUTO_TEST_CASE(no_reuse_after_connection_close) {
    MockUpstream upstream([](const RecordedRequest&) {
        auto response = ScriptedResponse::json(200, "{}");
        response.keep_alive = false;
        return response;
    });
    transport::HttpClient client(direct_options());
    for (int i = 0; i < 2; ++i) {
        Collected got;
        const auto result = fetch(client, upstream.base_url() + "/", got);
        BOOST_TEST_REQUIRE(result.ok(), result.message);
    }
    BOOST_TEST(upstream.connections_accepted() == 2u);
}

BOOST_AUTO_TEST_CASE(pooled_connection_closed_by_the_server_is_not_used) {
    MockUpstream upstream([](const RecordedRequest&) {
        auto response = ScriptedResponse::json(200, "{}");
        response.close_after_chunks = true; // complete body, then the server hangs up silently
        return response;
    });
    transport::HttpClient client(direct_options());
    for (int i = 0; i < 2; ++i) {
        Collected got;
        const auto result = fetch(client, upstream.base_url() + "/", got);
        BOOST_TEST_REQUIRE(result.ok(), result.message);
        std::this_thread::sleep_for(50ms);
    }
    BOOST_TEST(upstream.connections_accepted() == 2u);
}

BOOST_AUTO_TEST_CASE(stale_keep_alive_is_retried_once_on_a_fresh_connection) {
    // First connection: answers one request, then drops the second without a response byte.
    SocketServer server([](tcp::socket& s) {
        static std::atomic<int> connection{0};
        const bool first = connection++ == 0;
        std::string pending;
        if (!read_request_head(s, pending)) return;
        write_all(s, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none");
        if (first && read_request_head(s, pending)) return; // hang up on request two
    });
    transport::HttpClient client(direct_options());
    const std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/";
    Collected first, second;
    BOOST_TEST_REQUIRE(fetch(client, url, first).ok());
    const auto result = fetch(client, url, second);
    BOOST_TEST_REQUIRE(result.ok(), result.message);
    BOOST_TEST(second.body == "one");
    BOOST_TEST(server.accepted() == 2u);
}

BOOST_AUTO_TEST_CASE(fresh_connection_closed_before_a_response_is_an_error) {
    SocketServer server([](tcp::socket& s) {
        std::string pending;
        read_request_head(s, pending);
    });
    transport::HttpClient client(direct_options());
    Collected got;
    const auto result = fetch(client, "http://127.0.0.1:" + std::to_string(server.port()) + "/", got);
    BOOST_TEST(result.error == LLMH_ERR_NETWORK);
    BOOST_TEST(contains(result.message, "before a complete response head"), result.message);
    BOOST_TEST(server.accepted() == 1u);
}

BOOST_AUTO_TEST_CASE(truncated_content_length_body) {
    MockUpstream upstream([](const RecordedRequest&) {
        ScriptedResponse response;
        response.chunks = {"abc"};
        response.declared_body_size = 10;
        response.close_after_chunks = true;
        return response;
    });
    transport::HttpClient client(direct_options());
    Collected got;
    const auto result = fetch(client, upstream.base_url() + "/", got);
    BOOST_TEST(result.error == LLMH_ERR_NETWORK);
    BOOST_TEST(contains(result.message, "connection closed after 3 bytes of the response body"), result.message);
    BOOST_TEST(contains(result.message, host_port(upstream)), result.message);
    BOOST_TEST(got.body == "abc");
}

BOOST_AUTO_TEST_CASE(truncated_chunked_body) {
    MockUpstream upstream([](const RecordedRequest&) {
        auto response = ScriptedResponse::sse({"data: 1\n\n", "data: 2\n\n"});
        response.close_after_chunks = true;
        return response;
    });
    transport::HttpClient client(direct_options());
    Collected got;
    const auto result = fetch(client, upstream.base_url() + "/", got);
    BOOST_TEST(result.error == LLMH_ERR_NETWORK);
    BOOST_TEST(contains(result.message, "connection closed after 18 bytes of the response body"), result.message);
    BOOST_TEST(got.body == "data: 1\n\ndata: 2\n\n");
}

BOOST_AUTO_TEST_CASE(total_timeout) {
    MockUpstream upstream([](const RecordedRequest&) {
        auto response = ScriptedResponse::sse({"data: 1\n\n", "data: 2\n\n", "data: 3\n\n"});
        response.delay_between_chunks = 150ms; // never idle for long, but slow overall
        return response;
    });
    transport::HttpClient client(direct_options());
    transport::Request request;
    request.total_timeout = 200ms;
    Collected got;
    const auto start = Clock::now();
    const auto result = fetch(client, upstream.base_url() + "/", got, request);
    BOOST_TEST(ms_since(start) < 1000);
    BOOST_TEST(result.error == LLMH_ERR_TIMEOUT);
    BOOST_TEST(contains(result.message, "total timeout of 200 ms"), result.message);
    BOOST_TEST(contains(result.message, host_port(upstream)), result.message);
    BOOST_TEST(got.body.starts_with("data: 1\n\n"));
}

BOOST_AUTO_TEST_CASE(idle_timeout_while_waiting_for_the_head_and_the_body) {
    MockUpstream upstream([](const RecordedRequest& r) {
        auto response = ScriptedResponse::sse({"data: 1\n\n", "data: 2\n\n"});
        if (r.target == "/slow-head")
            response.delay_before_head = 2s;
        else
            response.delay_between_chunks = 2s;
        return response;
    });
    transport::HttpClient client(direct_options());
    for (const char* path : {"/slow-head", "/slow-body"}) {
        transport::Request request;
        request.idle_timeout = 200ms;
        Collected got;
        const auto start = Clock::now();
        const auto result = fetch(client, upstream.base_url() + path, got, request);
        BOOST_TEST(ms_since(start) < 1000);
        BOOST_TEST(result.error == LLMH_ERR_TIMEOUT);
        BOOST_TEST(contains(result.message, "idle timeout of 200 ms"), result.message);
        BOOST_TEST(contains(result.message, host_port(upstream)), result.message);
    }
}

BOOST_AUTO_TEST_CASE(client_default_timeouts_apply) {
    MockUpstream upstream([](const RecordedRequest&) {
        auto response = ScriptedResponse::json(200, "{}");
        response.delay_before_head = 2s;
        return response;
    });
    auto options = direct_options();
    options.idle_timeout = 150ms;
    transport::HttpClient client(options);
    Collected got;
    const auto result = fetch(client, upstream.base_url() + "/", got);
    BOOST_TEST(result.error == LLMH_ERR_TIMEOUT);
    BOOST_TEST(contains(result.message, "idle timeout of 150 ms"), result.message);
}

BOOST_AUTO_TEST_CASE(connection_refused) {
    const uint16_t port = closed_port();
    transport::HttpClient client(direct_options());
    Collected got;
    const auto result = fetch(client, "http://127.0.0.1:" + std::to_string(port) + "/", got);
    BOOST_TEST(result.error == LLMH_ERR_NETWORK);
    BOOST_TEST(contains(result.message, "127.0.0.1:" + std::to_string(port)), result.message);
    BOOST_TEST(contains(result.message, "refused"), result.message);
}

BOOST_AUTO_TEST_CASE(connect_timeout) {
    // A listener whose accept queue is full drops further SYNs, so connecting hangs.
    asio::io_context io;
    tcp::acceptor listener(io, {asio::ip::make_address("127.0.0.1"), 0});
    listener.listen(0);
    tcp::socket queued(io);
    queued.connect(listener.local_endpoint());

    auto options = direct_options();
    options.connect_timeout = std::chrono::milliseconds(150);
    transport::HttpClient client(options);
    const std::string where = "127.0.0.1:" + std::to_string(listener.local_endpoint().port());
    Collected got;
    const auto start = Clock::now();
    const auto result = fetch(client, "http://" + where + "/", got);
    BOOST_TEST(ms_since(start) < 1000);
    BOOST_TEST(result.error == LLMH_ERR_TIMEOUT);
    BOOST_TEST(contains(result.message, "connect timeout of 150 ms"), result.message);
    BOOST_TEST(contains(result.message, where), result.message);
}

BOOST_AUTO_TEST_CASE(unknown_host) {
    transport::HttpClient client(direct_options());
    Collected got;
    const auto result = fetch(client, "http://no-such-host.invalid/", got);
    BOOST_TEST(result.error == LLMH_ERR_NETWORK);
    BOOST_TEST(contains(result.message, "no-such-host.invalid"), result.message);
}

BOOST_AUTO_TEST_CASE(cancellation_is_prompt) {
    MockUpstream upstream([](const RecordedRequest& r) {
        auto response = ScriptedResponse::sse({"data: 1\n\n", "data: 2\n\n"});
        if (r.target == "/head")
            response.delay_before_head = 5s;
        else
            response.delay_between_chunks = 5s;
        return response;
    });
    transport::HttpClient client(direct_options());
    for (const char* path : {"/head", "/body"}) {
        std::atomic<bool> cancel{false};
        std::atomic<Clock::time_point::rep> cancelled_at{0};
        std::thread canceller([&] {
            std::this_thread::sleep_for(200ms);
            cancelled_at = Clock::now().time_since_epoch().count();
            cancel = true;
        });
        Collected got;
        const auto result = fetch(client, upstream.base_url() + path, got, {}, [&] { return cancel.load(); });
        const auto returned_at = Clock::now();
        canceller.join();
        BOOST_TEST(result.error == LLMH_ERR_CANCELLED);
        const auto latency = ms_between(Clock::time_point(Clock::duration(cancelled_at.load())), returned_at);
        BOOST_TEST(latency < 100, "cancellation took " << latency << " ms");
    }
}

BOOST_AUTO_TEST_CASE(already_cancelled_request_does_not_connect) {
    MockUpstream upstream([](const RecordedRequest&) { return ScriptedResponse::json(200, "{}"); });
    transport::HttpClient client(direct_options());
    Collected got;
    const auto result = fetch(client, upstream.base_url() + "/", got, {}, [] { return true; });
    BOOST_TEST(result.error == LLMH_ERR_CANCELLED);
    BOOST_TEST(upstream.connections_accepted() == 0u);
}

BOOST_AUTO_TEST_CASE(handler_returning_false_cancels_and_discards_the_connection) {
    MockUpstream upstream([](const RecordedRequest&) { return ScriptedResponse::sse({"data: 1\n\n", "data: 2\n\n"}); });
    transport::HttpClient client(direct_options());

    Collected stop_in_body;
    stop_in_body.stop_after_pieces = 1;
    auto result = fetch(client, upstream.base_url() + "/", stop_in_body);
    BOOST_TEST(result.error == LLMH_ERR_CANCELLED);
    BOOST_TEST(stop_in_body.pieces.size() == 1u);

    Collected stop_at_head;
    stop_at_head.stop_after_head = true;
    result = fetch(client, upstream.base_url() + "/", stop_at_head);
    BOOST_TEST(result.error == LLMH_ERR_CANCELLED);
    BOOST_TEST(stop_at_head.body.empty());

    BOOST_TEST(client.connections_opened() == 2u);
    BOOST_TEST(upstream.connections_accepted() == 2u);
}

BOOST_AUTO_TEST_CASE(head_request_has_no_body) {
    MockUpstream upstream([](const RecordedRequest&) { return ScriptedResponse::json(200, "{\"ignored\":true}"); });
    transport::HttpClient client(direct_options());
    transport::Request request;
    request.method = "HEAD";
    for (int i = 0; i < 2; ++i) {
        Collected got;
        const auto result = fetch(client, upstream.base_url() + "/", got, request);
        BOOST_TEST_REQUIRE(result.ok(), result.message);
        BOOST_TEST(got.header("content-length") == "16");
        BOOST_TEST(got.body.empty());
    }
    BOOST_TEST(upstream.connections_accepted() == 1u);
}

BOOST_AUTO_TEST_CASE(invalid_requests_are_rejected_without_io) {
    transport::HttpClient client(direct_options());
    Collected got;
    auto result = fetch(client, "ftp://example.com/", got);
    BOOST_TEST(result.error == LLMH_ERR_BAD_REQUEST);
    BOOST_TEST(contains(result.message, "http or https"), result.message);

    const transport::HeaderView injected[] = {{"X-Key", "secret\r\nX-Evil: 1"}};
    transport::Request request;
    request.headers = injected;
    result = fetch(client, "http://127.0.0.1:1/", got, request);
    BOOST_TEST(result.error == LLMH_ERR_BAD_REQUEST);
    BOOST_TEST(contains(result.message, "X-Key"), result.message);
    BOOST_TEST(!contains(result.message, "secret"), result.message);
}

BOOST_AUTO_TEST_CASE(concurrent_sends_from_eight_threads) {
    MockUpstream upstream([](const RecordedRequest& r) {
        auto response = ScriptedResponse::sse({"data: " + r.target + "\n\n", "data: [DONE]\n\n"});
        response.delay_between_chunks = 5ms;
        return response;
    });
    transport::HttpClient client(direct_options());
    constexpr int threads = 8, per_thread = 10;
    std::atomic<int> successes{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&, t] {
            for (int i = 0; i < per_thread; ++i) {
                const std::string path = "/t" + std::to_string(t) + "/" + std::to_string(i);
                Collected got;
                const auto result = fetch(client, upstream.base_url() + path, got);
                if (result.ok() && got.body == "data: " + path + "\n\ndata: [DONE]\n\n") ++successes;
            }
        });
    for (auto& w : workers)
        w.join();
    BOOST_TEST(successes.load() == threads * per_thread);
    BOOST_TEST(upstream.requests().size() == size_t{threads * per_thread});
    BOOST_TEST(client.connections_opened() <= size_t{threads});
}
