// Every failure comes back in the wire format of the face that was called, with the
// matching status: malformed and invalid requests, client keys, unknown providers, oversized
// bodies, rate limits with Retry-After, upstream failures and timeouts. Keys never reach the
// log.
#include "gateway_test_support.hpp"
#include "support/mock_upstream.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

using namespace llmhost::testing;
using namespace gateway_e2e;
namespace json = boost::json;

namespace {

const std::string chat_body = R"({"model":"a/m","messages":[{"role":"user","content":"hi"}]})";
const std::string messages_body = R"({"model":"a/m","max_tokens":10,"messages":[{"role":"user","content":"hi"}]})";
const llmhost::Headers anthropic_headers{{"anthropic-version", "2023-06-01"}};

// {"error":{"message","type","param","code"}}
json::object openai_error(const Reply& r) {
    const auto doc = json::parse(r.body).as_object();
    const auto& e = doc.at("error").as_object();
    BOOST_TEST(e.at("message").is_string());
    BOOST_TEST(e.at("type").is_string());
    BOOST_TEST(e.contains("code"));
    return e;
}

// {"type":"error","error":{"type","message"}}
json::object anthropic_error(const Reply& r) {
    const auto doc = json::parse(r.body).as_object();
    BOOST_TEST(doc.at("type").as_string() == "error");
    const auto& e = doc.at("error").as_object();
    BOOST_TEST(e.at("message").is_string());
    return e;
}

ScriptedResponse upstream_error(int status, const std::string& type, llmhost::Headers headers = {}) {
    auto r =
        ScriptedResponse::json(status, R"({"error":{"message":"scripted )" + type + R"(","type":")" + type + R"("}})");
    for (auto& h : headers)
        r.headers.push_back(h);
    return r;
}

} // namespace

BOOST_AUTO_TEST_CASE(malformed_and_invalid_requests_are_400_in_each_face) {
    GatewayProcess gw("");
    auto bad_json = post_json(gw.port(), "/v1/chat/completions", "{\"model\": ");
    BOOST_TEST(bad_json.status == 400);
    BOOST_TEST(openai_error(bad_json).at("type").as_string() == "invalid_request_error");

    auto no_messages = post_json(gw.port(), "/v1/chat/completions", R"({"model":"mock"})");
    BOOST_TEST(no_messages.status == 400);
    BOOST_TEST(openai_error(no_messages).at("param").as_string() == "messages");

    auto wrong_type = post_json(gw.port(), "/v1/chat/completions",
                                R"({"model":"mock","messages":[{"role":"user","content":{"x":1}}]})");
    BOOST_TEST(wrong_type.status == 400);
    BOOST_TEST(openai_error(wrong_type).at("param").as_string() == "messages[0].content");

    auto anthropic_bad = post_json(gw.port(), "/v1/messages", "[[[", anthropic_headers);
    BOOST_TEST(anthropic_bad.status == 400);
    BOOST_TEST(anthropic_error(anthropic_bad).at("type").as_string() == "invalid_request_error");

    auto no_max_tokens = post_json(gw.port(), "/v1/messages",
                                   R"({"model":"mock","messages":[{"role":"user","content":"x"}]})", anthropic_headers);
    BOOST_TEST(no_max_tokens.status == 400);
    BOOST_TEST(anthropic_error(no_max_tokens).at("message").as_string().find("max_tokens") != json::string::npos);

    auto wrong_method = request(gw.port(), "GET", "/v1/chat/completions");
    BOOST_TEST(wrong_method.status == 405);
    BOOST_TEST(request(gw.port(), "GET", "/nowhere").status == 404);
    BOOST_TEST(gw.running()); // none of this hurt the server
}

BOOST_AUTO_TEST_CASE(client_keys_on_both_faces) {
    GatewayProcess gw("[server]\napi_keys = [\"${SERVER_KEY}\"]\n", {"SERVER_KEY=server-secret-key"});
    const std::string mock_chat = R"({"model":"mock","messages":[{"role":"user","content":"hi"}]})";
    const std::string mock_messages = R"({"model":"mock","max_tokens":5,"messages":[{"role":"user","content":"hi"}]})";

    auto missing = post_json(gw.port(), "/v1/chat/completions", mock_chat);
    BOOST_TEST(missing.status == 401);
    BOOST_TEST(openai_error(missing).at("type").as_string() == "authentication_error");
    BOOST_TEST(missing.header("www-authenticate") == "Bearer");
    auto wrong =
        post_json(gw.port(), "/v1/chat/completions", mock_chat, {{"Authorization", "Bearer server-secret-kez"}});
    BOOST_TEST(wrong.status == 401);
    auto right =
        post_json(gw.port(), "/v1/chat/completions", mock_chat, {{"Authorization", "Bearer server-secret-key"}});
    BOOST_TEST(right.status == 200, right.body);

    auto a_missing = post_json(gw.port(), "/v1/messages", mock_messages, anthropic_headers);
    BOOST_TEST(a_missing.status == 401);
    BOOST_TEST(anthropic_error(a_missing).at("type").as_string() == "authentication_error");
    auto a_wrong = post_json(gw.port(), "/v1/messages", mock_messages,
                             {{"anthropic-version", "2023-06-01"}, {"x-api-key", "nope"}});
    BOOST_TEST(a_wrong.status == 401);
    auto a_right = post_json(gw.port(), "/v1/messages", mock_messages,
                             {{"anthropic-version", "2023-06-01"}, {"x-api-key", "server-secret-key"}});
    BOOST_TEST(a_right.status == 200, a_right.body);
    // every face takes the key where any of its clients may send it
    BOOST_TEST(post_json(gw.port(), "/v1/chat/completions", mock_chat, {{"x-api-key", "server-secret-key"}}).status ==
               200);
    BOOST_TEST(post_json(gw.port(), "/v1/chat/completions", mock_chat, {{"x-goog-api-key", "nope"}}).status == 401);

    BOOST_TEST(request(gw.port(), "GET", "/healthz").status == 200); // open, for load balancers
    BOOST_TEST(request(gw.port(), "GET", "/metrics").status == 401);
    BOOST_TEST(request(gw.port(), "GET", "/v1/models").status == 401);
}

BOOST_AUTO_TEST_CASE(unknown_providers_and_models_are_404) {
    MockUpstream up([](const RecordedRequest&) { return upstream_error(404, "model_not_found"); });
    GatewayProcess gw(openai_provider("a", up.base_url(), "provider_retries = 0"));
    auto unknown = post_json(gw.port(), "/v1/chat/completions",
                             R"({"model":"nosuch/x","messages":[{"role":"user","content":"hi"}]})");
    BOOST_TEST(unknown.status == 404);
    BOOST_TEST(openai_error(unknown).at("message").as_string().find("unknown provider 'nosuch'") != json::string::npos,
               unknown.body);
    auto unknown_a = post_json(gw.port(), "/v1/messages",
                               R"({"model":"nosuch/x","max_tokens":5,"messages":[{"role":"user","content":"hi"}]})",
                               anthropic_headers);
    BOOST_TEST(unknown_a.status == 404);
    BOOST_TEST(anthropic_error(unknown_a).at("type").as_string() == "not_found_error");
    auto upstream_404 = post_json(gw.port(), "/v1/chat/completions", chat_body);
    BOOST_TEST(upstream_404.status == 404);
    BOOST_TEST(openai_error(upstream_404).at("code").as_string() == "model_not_found");
}

BOOST_AUTO_TEST_CASE(oversized_bodies_are_413) {
    GatewayProcess gw("[server]\nmax_body_bytes = 1000\n");
    const std::string big =
        R"({"model":"mock","messages":[{"role":"user","content":")" + std::string(5000, 'x') + "\"}]}";
    auto r = post_json(gw.port(), "/v1/chat/completions", big);
    BOOST_TEST(r.status == 413);
    BOOST_TEST(openai_error(r).at("code").as_string() == "request_too_large");
    auto a = post_json(gw.port(), "/v1/messages", big, anthropic_headers);
    BOOST_TEST(a.status == 413);
    BOOST_TEST(anthropic_error(a).at("type").as_string() == "request_too_large");
    BOOST_TEST(
        post_json(gw.port(), "/v1/chat/completions", R"({"model":"mock","messages":[{"role":"user","content":"x"}]})")
            .status == 200);
}

BOOST_AUTO_TEST_CASE(rate_limited_everywhere_is_429_with_retry_after) {
    MockUpstream up([](const RecordedRequest&) {
        return upstream_error(429, "rate_limit_exceeded", {{"retry-after", "120"}});
    });
    GatewayProcess gw(openai_provider("a", up.base_url()));
    auto r = post_json(gw.port(), "/v1/chat/completions", chat_body);
    BOOST_TEST(r.status == 429, r.body);
    BOOST_TEST(openai_error(r).at("type").as_string() == "rate_limit_error");
    const int retry_after = std::stoi(r.header("retry-after"));
    BOOST_TEST(retry_after >= 100);
    BOOST_TEST(retry_after <= 120);
    // The cooldown is remembered across requests: the next one does not even reach the upstream.
    const size_t asked = up.requests().size();
    auto again = post_json(gw.port(), "/v1/messages", messages_body, anthropic_headers);
    BOOST_TEST(again.status == 429);
    BOOST_TEST(anthropic_error(again).at("type").as_string() == "rate_limit_error");
    BOOST_TEST(!again.header("retry-after").empty());
    BOOST_TEST(up.requests().size() == asked);
}

BOOST_AUTO_TEST_CASE(upstream_failures_are_502_and_timeouts_504) {
    MockUpstream failing([](const RecordedRequest&) { return upstream_error(500, "server_error"); });
    auto slow = ScriptedResponse::json(200, "{}");
    slow.delay_before_head = std::chrono::milliseconds(3000);
    MockUpstream stalled([&](const RecordedRequest&) { return slow; });
    GatewayProcess gw(openai_provider("a", failing.base_url(), "provider_retries = 0") +
                      openai_provider("s", stalled.base_url(), "provider_retries = 0\ntimeout_ms = 300"));
    auto bad = post_json(gw.port(), "/v1/chat/completions", chat_body);
    BOOST_TEST(bad.status == 502, bad.body);
    BOOST_TEST(openai_error(bad).at("type").as_string() == "server_error");
    auto bad_a = post_json(gw.port(), "/v1/messages", messages_body, anthropic_headers);
    BOOST_TEST(bad_a.status == 502);
    BOOST_TEST(anthropic_error(bad_a).at("type").as_string() == "api_error");

    auto timeout =
        post_json(gw.port(), "/v1/chat/completions", R"({"model":"s/m","messages":[{"role":"user","content":"hi"}]})");
    BOOST_TEST(timeout.status == 504, timeout.body);
    BOOST_TEST(openai_error(timeout).at("code").as_string() == "timeout");
}

BOOST_AUTO_TEST_CASE(a_stream_failing_before_content_is_retried_invisibly_and_after_it_ends_with_an_error_event) {
    std::atomic<int> calls{0};
    MockUpstream up([&](const RecordedRequest&) {
        const int n = ++calls;
        auto chunk =
            R"(data: {"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":"part"},"finish_reason":null}]})"
            "\n\n";
        if (n == 1) { // cut before any content: retried, the client never knows
            auto cut = ScriptedResponse::sse({": keep-alive\n\n"});
            cut.close_after_chunks = true;
            return cut;
        }
        if (n == 2)
            return ScriptedResponse::sse(
                {chunk,
                 R"(data: {"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})"
                 "\n\n",
                 "data: [DONE]\n\n"});
        auto cut = ScriptedResponse::sse({chunk}); // cut after content: the stream ends with an error
        cut.close_after_chunks = true;
        return cut;
    });
    GatewayProcess gw(openai_provider("a", up.base_url(), "provider_backoff_ms = 1"));
    const std::string stream_body = R"({"model":"a/m","stream":true,"messages":[{"role":"user","content":"hi"}]})";
    auto first = post_json(gw.port(), "/v1/chat/completions", stream_body);
    BOOST_TEST(first.status == 200);
    BOOST_TEST(first.body.find("error") == std::string::npos, first.body);
    BOOST_TEST(sse_events(first.body).back().data == "[DONE]");

    auto second = post_json(gw.port(), "/v1/chat/completions", stream_body);
    BOOST_TEST(second.status == 200);
    const auto events = sse_events(second.body);
    BOOST_REQUIRE(events.size() >= 3u);
    BOOST_TEST(json::parse(events[events.size() - 2].data).at("error").at("type").as_string() == "server_error",
               second.body);
    BOOST_TEST(events.back().data == "[DONE]");

    auto third =
        post_json(gw.port(), "/v1/messages",
                  R"({"model":"a/m","max_tokens":5,"stream":true,"messages":[{"role":"user","content":"hi"}]})",
                  anthropic_headers);
    const auto a_events = sse_events(third.body);
    BOOST_REQUIRE(!a_events.empty());
    BOOST_TEST(a_events.back().event == "error", third.body);
    BOOST_TEST(json::parse(a_events.back().data).at("error").at("type").as_string() == "api_error");
}

BOOST_AUTO_TEST_CASE(the_access_log_has_one_line_per_request_and_no_keys) {
    MockUpstream up([](const RecordedRequest&) {
        return ScriptedResponse::json(
            200,
            R"({"id":"x","model":"m","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"ok"}}]})");
    });
    GatewayProcess gw("[server]\napi_keys = [\"${SERVER_KEY}\"]\n" +
                          openai_provider("a", up.base_url(), "api_key = \"${PROVIDER_KEY}\""),
                      {"SERVER_KEY=srv-key-4242", "PROVIDER_KEY=sk-provider-9999"});
    const llmhost::Headers auth{{"Authorization", "Bearer srv-key-4242"}};
    BOOST_TEST(post_json(gw.port(), "/v1/chat/completions?api_key=query-secret-77", chat_body, auth).status == 200);
    BOOST_TEST(up.requests().back().header("authorization") == "Bearer sk-provider-9999");
    BOOST_TEST(
        post_json(gw.port(), "/v1/chat/completions", chat_body, {{"Authorization", "Bearer wrong-key-5555"}}).status ==
        401);
    // The lines are written before the responses; the reader of the pipe may still lag.
    BOOST_TEST(
        eventually([&] { return gw.stderr_text().find("status=401") != std::string::npos; }, std::chrono::seconds(2)));
    const std::string log = gw.stderr_text();
    BOOST_TEST(log.find("access POST /v1/chat/completions provider=a model=m status=200 attempts=1 duration_ms=") !=
                   std::string::npos,
               log);
    BOOST_TEST(log.find("access POST /v1/chat/completions provider=- model=- status=401 attempts=0") !=
                   std::string::npos,
               log);
    for (const char* secret : {"srv-key-4242", "sk-provider-9999", "wrong-key-5555", "query-secret-77", "hi\"}"})
        BOOST_TEST(log.find(secret) == std::string::npos, secret);
}
