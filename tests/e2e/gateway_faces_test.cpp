// `llmhost serve` through real HTTP: both faces, streamed and whole, translated to providers
// of the other protocol with tool calls; the model list, embeddings, health and metrics.
#include "gateway_test_support.hpp"
#include "support/mock_upstream.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>

using namespace llmhost::testing;
using namespace gateway_e2e;
namespace json = boost::json;

namespace {

std::string openai_chunk(const std::string& delta, const std::string& finish = "null") {
    return R"(data: {"id":"chatcmpl-up","object":"chat.completion.chunk","created":1,"model":"gpt-up","choices":[{"index":0,"delta":)" +
           delta + R"(,"finish_reason":)" + finish + "}]}\n\n";
}

ScriptedResponse openai_text_stream() {
    return ScriptedResponse::sse(
        {openai_chunk(R"({"role":"assistant","content":""})"), openai_chunk(R"({"content":"Hello"})"),
         openai_chunk(R"({"content":" world"})"), openai_chunk("{}", "\"stop\""),
         R"(data: {"id":"chatcmpl-up","object":"chat.completion.chunk","model":"gpt-up","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}})"
         "\n\n",
         "data: [DONE]\n\n"});
}

ScriptedResponse openai_tool_stream() {
    return ScriptedResponse::sse(
        {openai_chunk(
             R"({"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":""}}]})"),
         openai_chunk(R"({"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]})"),
         openai_chunk(R"({"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]})"),
         openai_chunk("{}", "\"tool_calls\""), "data: [DONE]\n\n"});
}

ScriptedResponse openai_completion() {
    return ScriptedResponse::json(
        200, R"({"id":"chatcmpl-up","object":"chat.completion","created":1,"model":"gpt-up",)"
             R"("choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Hello world"}}],)"
             R"("usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}})");
}

// An OpenAI-compatible upstream answering streams and whole requests alike.
Handler openai_upstream(ScriptedResponse stream) {
    return [stream](const RecordedRequest& r) {
        return json::parse(r.body).as_object().if_contains("stream")->as_bool() ? stream : openai_completion();
    };
}

ScriptedResponse anthropic_tool_stream() {
    auto ev = [](const std::string& name, const std::string& data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    };
    return ScriptedResponse::sse(
        {ev("message_start",
            R"({"type":"message_start","message":{"id":"msg_up","type":"message","role":"assistant","model":"claude-up","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":40,"output_tokens":1}}})"),
         ev("content_block_start",
            R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})"),
         ev("content_block_delta",
            R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Checking."}})"),
         ev("content_block_stop", R"({"type":"content_block_stop","index":0})"),
         ev("content_block_start",
            R"({"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{}}})"),
         ev("content_block_delta",
            R"({"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"Par"}})"),
         ev("content_block_delta",
            R"({"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"is\"}"}})"),
         ev("content_block_stop", R"({"type":"content_block_stop","index":1})"),
         ev("message_delta",
            R"({"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":41}})"),
         ev("message_stop", R"({"type":"message_stop"})")});
}

const std::string weather_tool_openai =
    R"([{"type":"function","function":{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}])";
const std::string weather_tool_anthropic =
    R"([{"name":"get_weather","description":"Current weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}])";

const llmhost::Headers anthropic_headers{{"anthropic-version", "2023-06-01"}};

} // namespace

BOOST_AUTO_TEST_CASE(openai_face_whole_and_streamed) {
    MockUpstream up(openai_upstream(openai_text_stream()));
    GatewayProcess gw(openai_provider("a", up.base_url()));

    auto whole =
        post_json(gw.port(), "/v1/chat/completions", R"({"model":"a/m","messages":[{"role":"user","content":"hi"}]})");
    BOOST_TEST_REQUIRE(whole.status == 200, whole.body);
    BOOST_TEST(whole.header("content-type") == "application/json");
    const auto doc = json::parse(whole.body).as_object();
    BOOST_TEST(doc.at("object").as_string() == "chat.completion");
    BOOST_TEST(doc.at("choices").at(0).at("message").at("content").as_string() == "Hello world");
    BOOST_TEST(doc.at("choices").at(0).at("finish_reason").as_string() == "stop");
    BOOST_TEST(doc.at("usage").at("total_tokens").as_int64() == 7);
    BOOST_TEST(json::parse(up.requests().back().body).at("model").as_string() == "m"); // provider prefix removed

    auto streamed = post_json(
        gw.port(), "/v1/chat/completions",
        R"({"model":"a/m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]})");
    BOOST_TEST_REQUIRE(streamed.status == 200, streamed.body);
    BOOST_TEST(streamed.header("content-type") == "text/event-stream");
    const auto events = sse_events(streamed.body);
    BOOST_REQUIRE_EQUAL(events.size(), 6u);
    BOOST_TEST(json::parse(events[0].data).at("choices").at(0).at("delta").at("role").as_string() == "assistant");
    BOOST_TEST(json::parse(events[1].data).at("choices").at(0).at("delta").at("content").as_string() == "Hello");
    BOOST_TEST(json::parse(events[2].data).at("choices").at(0).at("delta").at("content").as_string() == " world");
    BOOST_TEST(json::parse(events[3].data).at("choices").at(0).at("finish_reason").as_string() == "stop");
    BOOST_TEST(json::parse(events[4].data).at("choices").as_array().empty());
    BOOST_TEST(json::parse(events[4].data).at("usage").at("completion_tokens").as_int64() == 2);
    BOOST_TEST(events[5].data == "[DONE]");
}

BOOST_AUTO_TEST_CASE(anthropic_face_whole_and_streamed) {
    MockUpstream up(openai_upstream(openai_text_stream()));
    GatewayProcess gw(openai_provider("a", up.base_url()));

    auto whole =
        post_json(gw.port(), "/v1/messages",
                  R"({"model":"a/m","max_tokens":100,"system":"terse","messages":[{"role":"user","content":"hi"}]})",
                  anthropic_headers);
    BOOST_TEST_REQUIRE(whole.status == 200, whole.body);
    const auto doc = json::parse(whole.body).as_object();
    BOOST_TEST(doc.at("type").as_string() == "message");
    BOOST_TEST(doc.at("content").at(0).at("text").as_string() == "Hello world");
    BOOST_TEST(doc.at("stop_reason").as_string() == "end_turn");
    BOOST_TEST(doc.at("usage").at("output_tokens").as_int64() == 2);
    const auto sent = json::parse(up.requests().back().body);
    BOOST_TEST(sent.at("messages").at(0).at("role").as_string() == "system"); // translated to OpenAI's system message
    BOOST_TEST(sent.at("max_tokens").as_int64() == 100);

    auto streamed =
        post_json(gw.port(), "/v1/messages",
                  R"({"model":"a/m","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"hi"}]})",
                  anthropic_headers);
    BOOST_TEST_REQUIRE(streamed.status == 200, streamed.body);
    std::vector<std::string> names;
    std::string text;
    for (const auto& e : sse_events(streamed.body)) {
        names.push_back(e.event);
        const auto data = json::parse(e.data);
        if (e.event == "content_block_delta") text += data.at("delta").at("text").as_string();
        if (e.event == "message_delta") {
            BOOST_TEST(data.at("delta").at("stop_reason").as_string() == "end_turn");
            BOOST_TEST(data.at("usage").at("output_tokens").as_int64() == 2);
        }
    }
    BOOST_TEST(text == "Hello world");
    const std::vector<std::string> expected{
        "message_start",      "ping",          "content_block_start", "content_block_delta", "content_block_delta",
        "content_block_stop", "message_delta", "message_stop"};
    BOOST_TEST(names == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(anthropic_client_to_an_openai_compatible_upstream_with_tool_calls) {
    MockUpstream up(openai_upstream(openai_tool_stream()));
    GatewayProcess gw(openai_provider("a", up.base_url()));
    auto r = post_json(
        gw.port(), "/v1/messages",
        R"({"model":"a/m","max_tokens":256,"stream":true,"tools":)" + weather_tool_anthropic +
            R"(,"tool_choice":{"type":"auto"},"messages":[{"role":"user","content":"Weather in Paris?"},)"
            R"({"role":"assistant","content":[{"type":"tool_use","id":"toolu_0","name":"get_weather","input":{"city":"Rome"}}]},)"
            R"({"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_0","content":"rainy"},{"type":"text","text":"And Paris?"}]}]})",
        anthropic_headers);
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    std::string arguments;
    bool saw_tool_block = false, saw_stop = false;
    for (const auto& e : sse_events(r.body)) {
        const auto data = json::parse(e.data);
        if (e.event == "content_block_start" && data.at("content_block").at("type").as_string() == "tool_use") {
            saw_tool_block = true;
            BOOST_TEST(data.at("content_block").at("id").as_string() == "call_abc");
            BOOST_TEST(data.at("content_block").at("name").as_string() == "get_weather");
        }
        if (e.event == "content_block_delta") arguments += data.at("delta").at("partial_json").as_string();
        if (e.event == "message_delta") BOOST_TEST(data.at("delta").at("stop_reason").as_string() == "tool_use");
        if (e.event == "message_stop") saw_stop = true;
    }
    BOOST_TEST(saw_tool_block);
    BOOST_TEST(saw_stop);
    BOOST_TEST(json::parse(arguments) == json::parse(R"({"city":"Paris"})"));

    // What the upstream got is OpenAI's format: functions, the assistant's call, the tool result.
    const auto sent = json::parse(up.requests().back().body).as_object();
    BOOST_TEST(sent.at("tools").at(0).at("function").at("name").as_string() == "get_weather");
    BOOST_TEST(sent.at("tools").at(0).at("function").at("parameters").at("required").at(0).as_string() == "city");
    BOOST_TEST(sent.at("tool_choice").as_string() == "auto");
    const auto& messages = sent.at("messages").as_array();
    BOOST_REQUIRE_EQUAL(messages.size(), 4u);
    BOOST_TEST(messages[1].at("tool_calls").at(0).at("function").at("arguments").as_string() == R"({"city":"Rome"})");
    BOOST_TEST(messages[2].at("role").as_string() == "tool");
    BOOST_TEST(messages[2].at("tool_call_id").as_string() == "toolu_0");
    BOOST_TEST(messages[2].at("content").as_string() == "rainy");
    BOOST_TEST(messages[3].at("content").as_string() == "And Paris?");
}

BOOST_AUTO_TEST_CASE(openai_client_to_the_anthropic_plugin_with_tool_calls) {
    MockUpstream up([](const RecordedRequest&) { return anthropic_tool_stream(); });
    GatewayProcess gw("[providers.claude]\nplugin = \"anthropic\"\nbase_url = \"" + up.base_url() +
                          "\"\napi_key = \"${CLAUDE_KEY}\"\ndefault_model = \"claude-x\"\n",
                      {"CLAUDE_KEY=sk-ant-test"});
    auto r = post_json(
        gw.port(), "/v1/chat/completions",
        R"({"model":"claude/claude-x","stream":true,"tools":)" + weather_tool_openai +
            R"(,"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Weather in Paris?"}]})");
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    const auto events = sse_events(r.body);
    BOOST_REQUIRE(!events.empty());
    BOOST_TEST(events.back().data == "[DONE]");
    std::string text, arguments, finish;
    for (size_t i = 0; i + 1 < events.size(); ++i) {
        const auto chunk = json::parse(events[i].data).as_object();
        BOOST_TEST(chunk.at("object").as_string() == "chat.completion.chunk");
        const auto& choice = chunk.at("choices").at(0).as_object();
        const auto& delta = choice.at("delta").as_object();
        if (const auto* c = delta.if_contains("content")) text += c->as_string();
        if (const auto* calls = delta.if_contains("tool_calls")) {
            const auto& call = calls->at(0).as_object();
            BOOST_TEST(call.at("index").as_int64() == 0);
            if (const auto* id = call.if_contains("id")) {
                BOOST_TEST(id->as_string() == "toolu_01");
                BOOST_TEST(call.at("function").at("name").as_string() == "get_weather");
            }
            arguments += call.at("function").at("arguments").as_string();
        }
        if (!choice.at("finish_reason").is_null()) finish = choice.at("finish_reason").as_string();
    }
    BOOST_TEST(text == "Checking.");
    BOOST_TEST(json::parse(arguments) == json::parse(R"({"city":"Paris"})"));
    BOOST_TEST(finish == "tool_calls");

    // The upstream was spoken to in Anthropic's format, with the provider key.
    const auto recorded = up.requests();
    const auto& req = recorded.back();
    BOOST_TEST(req.target == "/v1/messages");
    BOOST_TEST(req.header("x-api-key") == "sk-ant-test");
    const auto sent = json::parse(req.body).as_object();
    BOOST_TEST(sent.at("system").as_string() == "Be brief.");
    BOOST_TEST(sent.at("tools").at(0).at("input_schema").at("type").as_string() == "object");
}

BOOST_AUTO_TEST_CASE(the_model_list_covers_every_reachable_provider) {
    MockUpstream good([](const RecordedRequest&) {
        return ScriptedResponse::json(
            200, R"({"object":"list","data":[{"id":"m1","object":"model"},{"id":"m2","object":"model"}]})");
    });
    MockUpstream bad(
        [](const RecordedRequest&) { return ScriptedResponse::json(500, R"({"error":{"message":"down"}})"); });
    GatewayProcess gw(openai_provider("a", good.base_url()) + openai_provider("broken", bad.base_url()) +
                      "[providers.needs-key]\nplugin = \"openai\"\nbase_url = \"http://127.0.0.1:9/v1\"\napi_key_env = "
                      "\"UNSET_KEY_VAR\"\n");
    auto r = request(gw.port(), "GET", "/v1/models");
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    std::vector<std::string> ids;
    const auto listing = json::parse(r.body);
    for (const auto& m : listing.at("data").as_array())
        ids.emplace_back(m.at("id").as_string());
    auto has = [&](const std::string& id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); };
    BOOST_TEST(has("a/m1"));
    BOOST_TEST(has("a/m2"));
    BOOST_TEST(has("mock/mock-echo")); // keyless plugin providers count too
    for (const auto& id : ids) {
        BOOST_TEST(id.rfind("broken/", 0) != 0);
        BOOST_TEST(id.rfind("needs-key/", 0) != 0);
    }
    BOOST_TEST(gw.stderr_text().find("skipping provider 'broken'") != std::string::npos, gw.stderr_text());

    // Cached: a second listing does not ask the upstream again.
    const size_t asked = good.requests().size();
    BOOST_TEST(request(gw.port(), "GET", "/v1/models").status == 200);
    BOOST_TEST(good.requests().size() == asked);

    auto anthropic = request(gw.port(), "GET", "/v1/models", {}, anthropic_headers);
    BOOST_TEST(json::parse(anthropic.body).at("data").at(0).at("type").as_string() == "model");
}

BOOST_AUTO_TEST_CASE(embeddings_through_the_mock_provider) {
    GatewayProcess gw("");
    auto r = post_json(gw.port(), "/v1/embeddings", R"({"model":"mock/mock-echo","input":["hello world","bye"]})");
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    const auto doc = json::parse(r.body).as_object();
    BOOST_TEST(doc.at("object").as_string() == "list");
    BOOST_REQUIRE_EQUAL(doc.at("data").as_array().size(), 2u);
    BOOST_TEST(doc.at("data").at(1).at("index").as_int64() == 1);
    BOOST_TEST(!doc.at("data").at(0).at("embedding").as_array().empty());
    BOOST_TEST(doc.at("usage").at("prompt_tokens").as_int64() == 3);

    auto b64 =
        post_json(gw.port(), "/v1/embeddings", R"({"model":"mock/mock-echo","input":"x","encoding_format":"base64"})");
    BOOST_TEST(json::parse(b64.body).at("data").at(0).at("embedding").is_string());
}

BOOST_AUTO_TEST_CASE(mock_provider_tool_calls_reach_both_faces) {
    GatewayProcess gw(
        "[providers.mock]\noptions = { tool_call = { name = \"lookup\", arguments = '{\"q\":\"x\"}' } }\n");
    auto openai = post_json(gw.port(), "/v1/chat/completions",
                            R"({"model":"mock","tools":)" + weather_tool_openai +
                                R"(,"messages":[{"role":"user","content":"hi"}]})");
    BOOST_TEST_REQUIRE(openai.status == 200, openai.body);
    const auto call = json::parse(openai.body).at("choices").at(0).at("message").at("tool_calls").at(0);
    BOOST_TEST(call.at("function").at("name").as_string() == "lookup");
    BOOST_TEST(call.at("function").at("arguments").as_string() == R"({"q":"x"})");

    auto anthropic = post_json(gw.port(), "/v1/messages",
                               R"({"model":"mock","max_tokens":10,"tools":)" + weather_tool_anthropic +
                                   R"(,"messages":[{"role":"user","content":"hi"}]})",
                               anthropic_headers);
    BOOST_TEST_REQUIRE(anthropic.status == 200, anthropic.body);
    const auto doc = json::parse(anthropic.body);
    BOOST_TEST(doc.at("stop_reason").as_string() == "tool_use");
    BOOST_TEST(doc.at("content").at(0).at("input") == json::parse(R"({"q":"x"})"));
}

BOOST_AUTO_TEST_CASE(health_and_metrics) {
    GatewayProcess gw("");
    auto health = request(gw.port(), "GET", "/healthz");
    BOOST_TEST(health.status == 200);
    BOOST_TEST(health.body == R"({"status":"ok"})");
    BOOST_TEST(
        post_json(gw.port(), "/v1/chat/completions", R"({"model":"mock","messages":[{"role":"user","content":"a b"}]})")
            .status == 200);
    BOOST_TEST(post_json(gw.port(), "/v1/chat/completions",
                         R"({"model":"mock","stream":true,"messages":[{"role":"user","content":"a b"}]})")
                   .status == 200);
    auto metrics = request(gw.port(), "GET", "/metrics");
    BOOST_TEST(metrics.status == 200);
    BOOST_TEST(metrics.header("content-type").rfind("text/plain", 0) == 0);
    for (const char* line :
         {"llmhost_requests_total{face=\"openai\",status=\"200\"} 2",
          "llmhost_requests_total{face=\"health\",status=\"200\"} 1",
          "llmhost_attempts_total{provider=\"mock\",status=\"ok\"} 2",
          "llmhost_upstream_latency_seconds_count{provider=\"mock\"} 2", "llmhost_stream_deltas_total 2",
          "llmhost_active_streams 0", "# TYPE llmhost_upstream_latency_seconds histogram"})
        BOOST_TEST(metrics.body.find(line) != std::string::npos, line << "\n" << metrics.body);
}
