// How `llmhost serve` behaves as a server: a client hanging up cancels the upstream request;
// 200 concurrent streams all arrive intact; SIGTERM lets a stream in flight finish and exits
// 0; keep-alive, slow clients and the listening address.
#include "gateway_test_support.hpp"
#include "support/mock_upstream.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <atomic>
#include <thread>

using namespace llmhost::testing;
using namespace gateway_e2e;
namespace json = boost::json;

namespace {

std::string chunk(const std::string& text) {
    return R"(data: {"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":")" +
           text +
           R"("},"finish_reason":null}]})"
           "\n\n";
}

ScriptedResponse numbered_stream(int pieces, std::chrono::milliseconds gap) {
    std::vector<std::string> chunks;
    for (int i = 0; i < pieces; ++i)
        chunks.push_back(chunk("w" + std::to_string(i) + " "));
    chunks.push_back(
        R"(data: {"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})"
        "\n\n");
    chunks.push_back("data: [DONE]\n\n");
    auto r = ScriptedResponse::sse(std::move(chunks));
    r.delay_between_chunks = gap;
    return r;
}

std::string expected_text(int pieces) {
    std::string text;
    for (int i = 0; i < pieces; ++i)
        text += "w" + std::to_string(i) + " ";
    return text;
}

std::string streamed_text(const std::string& body) {
    std::string text;
    for (const auto& e : sse_events(body)) {
        if (e.data == "[DONE]") continue;
        const auto chunk = json::parse(e.data);
        if (const auto* c = chunk.at("choices").at(0).at("delta").as_object().if_contains("content"))
            text += c->as_string();
    }
    return text;
}

std::string raw_post(const std::string& target, const std::string& body) {
    return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
}

const std::string stream_body = R"({"model":"a/m","stream":true,"messages":[{"role":"user","content":"hi"}]})";

} // namespace

BOOST_AUTO_TEST_CASE(a_client_hanging_up_mid_stream_cancels_the_upstream_request) {
    EndlessStreamUpstream up(std::chrono::milliseconds(50));
    GatewayProcess gw(openai_provider("a", up.base_url()));
    RawConnection client(gw.port());
    client.send(raw_post("/v1/chat/completions", stream_body));
    BOOST_REQUIRE(client.read_until("tick", std::chrono::seconds(5)));
    client.close();
    // The gateway notices at once and drops the upstream connection; the upstream sees it.
    BOOST_TEST(eventually([&] { return up.peer_closed(); }, std::chrono::seconds(3)));
    BOOST_TEST(
        eventually([&] { return gw.stderr_text().find("status=499") != std::string::npos; }, std::chrono::seconds(3)),
        gw.stderr_text());
    BOOST_TEST(gw.running());
}

BOOST_AUTO_TEST_CASE(two_hundred_concurrent_streams_all_arrive_intact) {
    constexpr int streams = 200, pieces = 20;
    MockUpstream up([](const RecordedRequest&) { return numbered_stream(pieces, std::chrono::milliseconds(20)); });
    GatewayProcess gw(openai_provider("a", up.base_url()));
    std::atomic<int> intact{0};
    std::vector<std::string> failures(streams);
    std::vector<std::thread> clients;
    for (int i = 0; i < streams; ++i)
        clients.emplace_back([&, i] {
            try {
                auto r = post_json(gw.port(), "/v1/chat/completions", stream_body);
                const std::string text = streamed_text(r.body);
                if (r.status == 200 && text == expected_text(pieces) && sse_events(r.body).back().data == "[DONE]")
                    ++intact;
                else
                    failures[i] = std::to_string(r.status) + ": " + r.body.substr(0, 300);
            } catch (const std::exception& e) {
                failures[i] = e.what();
            }
        });
    for (auto& t : clients)
        t.join();
    for (const auto& f : failures)
        if (!f.empty()) BOOST_TEST_MESSAGE("failed stream: " << f);
    BOOST_TEST(intact.load() == streams);
}

BOOST_AUTO_TEST_CASE(sigterm_lets_a_stream_in_flight_finish_then_exits_0) {
    constexpr int pieces = 6;
    MockUpstream up([](const RecordedRequest&) { return numbered_stream(pieces, std::chrono::milliseconds(250)); });
    GatewayProcess gw(openai_provider("a", up.base_url()));
    RawConnection client(gw.port());
    client.send(raw_post("/v1/chat/completions", stream_body));
    BOOST_REQUIRE(client.read_until("w0", std::chrono::seconds(5)));
    gw.signal(SIGTERM);
    // New connections are refused soon after, while the stream goes on.
    BOOST_TEST(eventually(
        [&] {
            try {
                RawConnection probe(gw.port());
                return false;
            } catch (const std::exception&) {
                return true;
            }
        },
        std::chrono::seconds(2)));
    client.read_to_end(std::chrono::seconds(10));
    BOOST_TEST(client.received().find("w" + std::to_string(pieces - 1)) != std::string::npos, client.received());
    BOOST_TEST(client.received().find("data: [DONE]") != std::string::npos);
    BOOST_TEST(gw.wait(std::chrono::seconds(10)) == 0, gw.stderr_text());
}

BOOST_AUTO_TEST_CASE(a_stream_outliving_the_shutdown_timeout_is_cut) {
    EndlessStreamUpstream up(std::chrono::milliseconds(50));
    GatewayProcess gw("[server]\nshutdown_timeout_ms = 300\n" + openai_provider("a", up.base_url()));
    RawConnection client(gw.port());
    client.send(raw_post("/v1/chat/completions", stream_body));
    BOOST_REQUIRE(client.read_until("tick", std::chrono::seconds(5)));
    const auto start = std::chrono::steady_clock::now();
    gw.signal(SIGTERM);
    BOOST_TEST(gw.wait(std::chrono::seconds(10)) == 0, gw.stderr_text());
    BOOST_TEST((std::chrono::steady_clock::now() - start < std::chrono::seconds(4)));
    BOOST_TEST(eventually([&] { return up.peer_closed(); }, std::chrono::seconds(3)));
}

BOOST_AUTO_TEST_CASE(keep_alive_serves_several_requests_on_one_connection) {
    GatewayProcess gw("");
    RawConnection client(gw.port());
    const std::string body = R"({"model":"mock","messages":[{"role":"user","content":"one two"}]})";
    client.send(raw_post("/v1/chat/completions", body));
    BOOST_REQUIRE(client.read_until("one two", std::chrono::seconds(5)));
    client.send(raw_post("/v1/chat/completions", R"({"model":"mock","messages":[{"role":"user","content":"three"}]})"));
    BOOST_TEST(client.read_until("three", std::chrono::seconds(5)), client.received());
}

BOOST_AUTO_TEST_CASE(pipelined_requests_in_one_write_are_all_answered_in_order) {
    GatewayProcess gw("");
    RawConnection client(gw.port());
    std::string burst;
    for (int i = 0; i < 200; ++i)
        burst += "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    for (int i = 0; i < 3; ++i)
        burst += raw_post("/v1/chat/completions", R"({"model":"mock","messages":[{"role":"user","content":"piece)" +
                                                      std::to_string(i) + R"("}]})");
    client.send(burst);
    BOOST_REQUIRE_MESSAGE(client.read_until("piece2", std::chrono::seconds(10)), client.received());
    const std::string& got = client.received();
    size_t answers = 0;
    for (size_t at = got.find("HTTP/1.1 200"); at != std::string::npos; at = got.find("HTTP/1.1 200", at + 1))
        ++answers;
    BOOST_TEST(answers == 203u);
    BOOST_TEST(got.find("piece0") < got.find("piece1"));
    BOOST_TEST(got.find("piece1") < got.find("piece2"));
}

BOOST_AUTO_TEST_CASE(slow_and_idle_clients_are_disconnected) {
    GatewayProcess gw("[server]\nheader_timeout_ms = 300\nidle_timeout_ms = 300\n");
    RawConnection idle(gw.port());
    const auto start = std::chrono::steady_clock::now();
    idle.read_to_end(std::chrono::seconds(5)); // never sends anything
    BOOST_TEST((std::chrono::steady_clock::now() - start < std::chrono::seconds(3)));

    RawConnection slow(gw.port());
    slow.send("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"); // headers never finish
    const auto slow_start = std::chrono::steady_clock::now();
    slow.read_to_end(std::chrono::seconds(5));
    BOOST_TEST((std::chrono::steady_clock::now() - slow_start < std::chrono::seconds(3)));
    BOOST_TEST(request(gw.port(), "GET", "/healthz").status == 200);
}

BOOST_AUTO_TEST_CASE(the_listening_address_comes_from_the_flag_or_the_config) {
    const auto usage = run_host({"serve", "--listen", "nonsense"});
    BOOST_TEST(usage.exit_code == 2);
    BOOST_TEST(usage.err.find("--listen") != std::string::npos, usage.err);
    const auto extra = run_host({"serve", "now"});
    BOOST_TEST(extra.exit_code == 2);
}
