// What Bedrock needs back, end to end through `llmhost serve` and the CLI: an upstream that
// speaks Converse (SigV4 checked, binary event stream or JSON) issues Claude's signed and
// redacted reasoning with a tool call, and refuses the next turn with a 400 ValidationException
// unless both come back byte for byte; the client's cache_control arrives as cachePoint blocks
// and the cache usage comes back; `llmhost tokens` and the count_tokens endpoint ask
// CountTokens. The mock plugin's scripted reasoning state and cache use make the same round
// trip without any upstream.
#include "gateway_test_support.hpp"
#include "support/bedrock/event_stream_encoder.hpp"
#include "support/bedrock/sigv4_verifier.hpp"
#include "support/mock_upstream.hpp"
#include "support/test_env.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace llmhost::testing;
using namespace llmhost::bedrock::testing;
using namespace gateway_e2e;
namespace json = boost::json;

namespace {

constexpr const char* access_key_id = "AKIDFIDELITY";
constexpr const char* secret_key = "fidelity-SECRET-access-key";

const std::string model = "us.anthropic.claude-sonnet-4-20250514-v1:0";
const std::string thought = "Weather needs a tool.";
const std::string signature = "EqQBCgIYAhIMbedrockSig+/=";
const std::string redacted = "RWR3S0FoZ0JFZ3kzdmFSZWRhY3RlZA==";

ScriptedResponse bedrock_error(int status, const std::string& type, const std::string& message) {
    auto r = ScriptedResponse::json(status, json::serialize(json::object{{"message", message}}));
    r.headers.emplace_back("x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/");
    return r;
}

ScriptedResponse event_stream(const std::string& frames) {
    ScriptedResponse r;
    r.headers = {{"Content-Type", "application/vnd.amazon.eventstream"}};
    for (size_t at = 0; at < frames.size(); at += 64) // frames split across reads
        r.chunks.push_back(frames.substr(at, 64));
    r.chunked = true;
    return r;
}

std::string frame(const std::string& event, const json::object& payload) {
    return event_frame(event, json::serialize(payload));
}

// Turn 1: signed reasoning, redacted reasoning, a tool call; usage with cache reads and writes.
ScriptedResponse first_turn(bool stream) {
    const json::object usage{{"inputTokens", 12},
                             {"outputTokens", 30},
                             {"totalTokens", 1642},
                             {"cacheReadInputTokens", 1200},
                             {"cacheWriteInputTokens", 400}};
    if (!stream)
        return ScriptedResponse::json(
            200,
            json::serialize(json::object{
                {"output",
                 {{"message",
                   {{"role", "assistant"},
                    {"content",
                     json::array{
                         {{"reasoningContent", {{"reasoningText", {{"text", thought}, {"signature", signature}}}}}},
                         {{"reasoningContent", {{"redactedContent", redacted}}}},
                         {{"toolUse",
                           {{"toolUseId", "tooluse_1"}, {"name", "weather"}, {"input", {{"city", "Paris"}}}}}}}}}}}},
                {"stopReason", "tool_use"},
                {"usage", usage}}));
    const auto reasoning = [](int index, const char* field, const std::string& value) {
        return frame("contentBlockDelta",
                     {{"contentBlockIndex", index}, {"delta", {{"reasoningContent", {{field, value}}}}}});
    };
    return event_stream(
        frame("messageStart", {{"role", "assistant"}}) + reasoning(0, "text", "Weather needs ") +
        reasoning(0, "text", "a tool.") + reasoning(0, "signature", signature) +
        frame("contentBlockStop", {{"contentBlockIndex", 0}}) + reasoning(1, "redactedContent", redacted) +
        frame("contentBlockStop", {{"contentBlockIndex", 1}}) +
        frame("contentBlockStart",
              {{"contentBlockIndex", 2}, {"start", {{"toolUse", {{"toolUseId", "tooluse_1"}, {"name", "weather"}}}}}}) +
        frame("contentBlockDelta",
              {{"contentBlockIndex", 2}, {"delta", {{"toolUse", {{"input", R"({"city":"Paris"})"}}}}}}) +
        frame("contentBlockStop", {{"contentBlockIndex", 2}}) + frame("messageStop", {{"stopReason", "tool_use"}}) +
        frame("metadata", {{"usage", usage}, {"metrics", {{"latencyMs", 40}}}}));
}

// Turn 2 is taken only when the assistant turn leads with the reasoning exactly as issued, as
// Claude on Bedrock demands on a tool turn with thinking.
ScriptedResponse second_turn(const json::array& messages) {
    const json::array expected{
        {{"reasoningContent", {{"reasoningText", {{"text", thought}, {"signature", signature}}}}}},
        {{"reasoningContent", {{"redactedContent", redacted}}}}};
    const auto& assistant = messages.at(1).at("content").as_array();
    if (assistant.size() < 2 || json::array{assistant[0], assistant[1]} != expected)
        return bedrock_error(400, "ValidationException",
                             "messages.1.content.0.type: Expected `thinking` or `redacted_thinking`, but found "
                             "`text`. When `thinking` is enabled, a final `assistant` message must start with a "
                             "thinking block");
    return ScriptedResponse::json(
        200, R"({"output":{"message":{"role":"assistant","content":[{"text":"Sunny."}]}},)"
             R"("stopReason":"end_turn","usage":{"inputTokens":40,"outputTokens":2,"totalTokens":42}})");
}

ScriptedResponse bedrock_upstream(const RecordedRequest& r) {
    if (auto why = sigv4_verify({r.method, r.target, r.headers, r.body}, access_key_id, secret_key, "bedrock");
        !why.empty())
        return bedrock_error(403, "InvalidSignatureException", why);
    const auto body = json::parse(r.body).as_object();
    if (r.target.ends_with("/count-tokens")) {
        const auto* input = body.if_contains("input");
        if (!input || !input->as_object().contains("converse"))
            return bedrock_error(400, "ValidationException", "input is required");
        return ScriptedResponse::json(200, R"({"inputTokens":42})");
    }
    const bool stream = r.target.ends_with("/converse-stream");
    if (!stream && !r.target.ends_with("/converse")) return bedrock_error(404, "ResourceNotFoundException", "no route");
    const auto& messages = body.at("messages").as_array();
    return messages.size() == 1 ? first_turn(stream) : second_turn(messages);
}

// A config pointing [providers.bedrock] at `up`, and an environment whose only AWS source is
// the access keys.
struct Bedrock {
    MockUpstream up{bedrock_upstream};
    TempDir dir;
    std::string config =
        "[providers.bedrock]\noptions = { endpoint = \"" + up.base_url() + "\", region = \"us-east-1\" }\n";
    std::vector<std::string> env{
        std::string("AWS_ACCESS_KEY_ID=") + access_key_id, std::string("AWS_SECRET_ACCESS_KEY=") + secret_key,
        "AWS_SHARED_CREDENTIALS_FILE=" + dir.file("no-credentials"), "AWS_CONFIG_FILE=" + dir.file("no-config")};
};

const llmhost::Headers anthropic_headers{{"anthropic-version", "2023-06-01"}};

// Claude Code's shape: cache_control on the system prompt (1h), the tool list and the newest
// user block; thinking on.
json::object first_request(bool stream) {
    return json::parse(R"({"model":"bedrock/)" + model + R"(","max_tokens":4096,"stream":)" +
                       (stream ? "true" : "false") + R"(,"thinking":{"type":"enabled","budget_tokens":1024},
        "system":[{"type":"text","text":"You are a weather bot.","cache_control":{"type":"ephemeral","ttl":"1h"}}],
        "tools":[{"name":"weather","input_schema":{"type":"object"},"cache_control":{"type":"ephemeral"}}],
        "messages":[{"role":"user","content":[{"type":"text","text":"Weather in Paris?","cache_control":{"type":"ephemeral"}}]}]})")
        .as_object();
}

// The next request a client sends: the first, the assistant content it got, the tool result.
std::string next_request(const json::array& assistant_content) {
    json::object body = first_request(false);
    auto& messages = body["messages"].as_array();
    messages.push_back({{"role", "assistant"}, {"content", assistant_content}});
    messages.push_back(
        {{"role", "user"},
         {"content", json::array{{{"type", "tool_result"}, {"tool_use_id", "tooluse_1"}, {"content", "sunny"}}}}});
    return json::serialize(body);
}

// The assistant content a client rebuilds from a Messages stream, and the usage it reports.
struct Streamed {
    json::array content;
    json::object usage;
};

Streamed from_stream(const std::string& sse) {
    Streamed out;
    std::string partial_json;
    for (const auto& e : sse_events(sse)) {
        const auto data = json::parse(e.data).as_object();
        if (e.event == "content_block_start") {
            out.content.push_back(data.at("content_block"));
            partial_json.clear();
        } else if (e.event == "content_block_delta") {
            const auto& delta = data.at("delta").as_object();
            auto& block = out.content.back().as_object();
            const auto type = delta.at("type").as_string();
            if (type == "thinking_delta")
                block["thinking"].as_string().append(delta.at("thinking").as_string());
            else if (type == "signature_delta")
                block["signature"] = delta.at("signature");
            else if (type == "input_json_delta")
                partial_json += delta.at("partial_json").as_string();
        } else if (e.event == "content_block_stop" && out.content.back().at("type") == "tool_use") {
            out.content.back().as_object()["input"] = json::parse(partial_json.empty() ? "{}" : partial_json);
        } else if (e.event == "message_delta") {
            out.usage = data.at("usage").as_object();
        }
    }
    return out;
}

// The cache points the first request put where the client's cache_control was.
void check_cache_points(const RecordedRequest& first) {
    const auto body = json::parse(first.body).as_object();
    BOOST_TEST(body.at("system") == json::parse(R"([{"text":"You are a weather bot."},
                                                    {"cachePoint":{"type":"default","ttl":"1h"}}])"),
               first.body);
    BOOST_TEST(body.at("toolConfig").at("tools").at(1) == json::parse(R"({"cachePoint":{"type":"default"}})"),
               first.body);
    BOOST_TEST(body.at("messages").at(0).at("content") ==
                   json::parse(R"([{"text":"Weather in Paris?"},{"cachePoint":{"type":"default"}}])"),
               first.body);
    BOOST_TEST(body.at("additionalModelRequestFields").at("thinking").at("budget_tokens") == 1024);
}

void check_cache_usage(const json::object& usage) {
    BOOST_TEST(usage.at("cache_read_input_tokens") == 1200, json::serialize(usage));
    BOOST_TEST(usage.at("cache_creation_input_tokens") == 400, json::serialize(usage));
    BOOST_TEST(usage.at("input_tokens") == 12, json::serialize(usage));
}

} // namespace

BOOST_AUTO_TEST_CASE(bedrock_reasoning_survives_a_streamed_tool_turn_through_the_anthropic_face) {
    Bedrock bedrock;
    GatewayProcess gw(bedrock.config, bedrock.env);
    const auto first = post_json(gw.port(), "/v1/messages", json::serialize(first_request(true)), anthropic_headers);
    BOOST_TEST_REQUIRE(first.status == 200, first.body);
    const auto streamed = from_stream(first.body);
    BOOST_REQUIRE_EQUAL(streamed.content.size(), 3u);
    BOOST_TEST(streamed.content[0].at("thinking") == thought.c_str());
    BOOST_TEST(streamed.content[2].at("type") == "tool_use");
    check_cache_usage(streamed.usage);
    const auto requests = bedrock.up.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 1u);
    BOOST_TEST(requests[0].target == "/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse-stream");
    check_cache_points(requests[0]);

    const auto second = post_json(gw.port(), "/v1/messages", next_request(streamed.content), anthropic_headers);
    BOOST_TEST(second.status == 200, second.body);
    BOOST_TEST(second.body.find("Sunny.") != std::string::npos, second.body);
}

BOOST_AUTO_TEST_CASE(bedrock_reasoning_survives_a_whole_tool_turn_and_a_lost_one_is_refused_upstream) {
    Bedrock bedrock;
    GatewayProcess gw(bedrock.config, bedrock.env);
    const auto first = post_json(gw.port(), "/v1/messages", json::serialize(first_request(false)), anthropic_headers);
    BOOST_TEST_REQUIRE(first.status == 200, first.body);
    const auto message = json::parse(first.body).as_object();
    const auto& content = message.at("content").as_array();
    BOOST_REQUIRE_EQUAL(content.size(), 3u);
    // Bedrock's state rides in the thinking blocks' signatures as the gateway's own token.
    BOOST_TEST(std::string(content[0].at("signature").as_string()).starts_with("llmhost.rs1."));
    BOOST_TEST(std::string(content[1].at("signature").as_string()).starts_with("llmhost.rs1."));
    check_cache_usage(message.at("usage").as_object());
    check_cache_points(bedrock.up.requests().at(0));

    const auto second = post_json(gw.port(), "/v1/messages", next_request(content), anthropic_headers);
    BOOST_TEST(second.status == 200, second.body);
    BOOST_TEST(second.body.find("Sunny.") != std::string::npos, second.body);

    // A client that alters the state loses it: Bedrock refuses the turn, not the gateway.
    json::array tampered = content;
    tampered[1].as_object()["signature"] = "forged";
    const auto refused = post_json(gw.port(), "/v1/messages", next_request(tampered), anthropic_headers);
    BOOST_TEST(refused.status == 400, refused.body);
    BOOST_TEST(refused.body.find("thinking block") != std::string::npos, refused.body);
}

BOOST_AUTO_TEST_CASE(tokens_and_count_tokens_ask_bedrocks_counter) {
    Bedrock bedrock;
    bedrock.dir.write("config.toml", bedrock.config);
    const auto r =
        run_host({"--config", bedrock.dir.file("config.toml"), "-m", "bedrock/anthropic.claude-3-5-haiku-20241022-v1:0",
                  "tokens", "--system", "Be terse.", "hello there"},
                 bedrock.env);
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_TEST(r.out == "42\n");
    const auto requests = bedrock.up.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 1u);
    BOOST_TEST(requests[0].target == "/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/count-tokens");
    BOOST_TEST(json::parse(requests[0].body) == json::parse(R"({"input":{"converse":{
        "messages":[{"role":"user","content":[{"text":"hello there"}]}],"system":[{"text":"Be terse."}]}}})"),
               requests[0].body);

    GatewayProcess gw(bedrock.config, bedrock.env);
    const auto counted = post_json(gw.port(), "/v1/messages/count_tokens",
                                   R"({"model":"bedrock/anthropic.claude-3-5-haiku-20241022-v1:0",)"
                                   R"("messages":[{"role":"user","content":"hi"}]})",
                                   anthropic_headers);
    BOOST_TEST(counted.status == 200, counted.body);
    BOOST_TEST(counted.body == R"({"input_tokens":42})");
}

// ---- the mock plugin: scripted reasoning state and cache use, no upstream at all ----------

namespace {

struct MockGateway {
    TempDir dir;
    std::string config;

    MockGateway() {
        dir.write("replies.json", R"([
            {"reasoning": "Weather needs a tool.", "reasoning_state": {"signature": "mock-sig", "data": "bW9jaw=="},
             "tool_call": {"name": "weather", "arguments": {"city": "Paris"}}},
            "Sunny."])");
        config = "[providers.mock]\noptions = { replies_file = \"" + dir.file("replies.json") +
                 "\", token_counter = true }\n";
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(the_mocks_scripted_state_round_trips_through_the_chat_face) {
    MockGateway mock;
    GatewayProcess gw(mock.config);
    const std::string user = R"({"role":"user","content":"Weather?"})";
    const auto first =
        post_json(gw.port(), "/v1/chat/completions", R"({"model":"mock/mock-echo","messages":[)" + user + "]}");
    BOOST_TEST_REQUIRE(first.status == 200, first.body);
    auto message = json::parse(first.body).at("choices").at(0).at("message").as_object();
    BOOST_TEST(message.at("reasoning_content") == "Weather needs a tool.");
    BOOST_TEST_REQUIRE(message.contains("reasoning_opaque"), first.body);
    const std::string result = R"({"role":"tool","tool_call_id":"call_mock_1","content":"sunny"})";

    // Without the state the mock refuses the turn as a real API would.
    json::object stripped = message;
    stripped.erase("reasoning_opaque");
    const auto refused = post_json(gw.port(), "/v1/chat/completions",
                                   R"({"model":"mock/mock-echo","messages":[)" + user + "," +
                                       json::serialize(stripped) + "," + result + "]}");
    BOOST_TEST(refused.status == 400, refused.body);
    BOOST_TEST(refused.body.find("does not carry back the reasoning state") != std::string::npos, refused.body);

    const auto second = post_json(gw.port(), "/v1/chat/completions",
                                  R"({"model":"mock/mock-echo","messages":[)" + user + "," + json::serialize(message) +
                                      "," + result + "]}");
    BOOST_TEST(second.status == 200, second.body);
    BOOST_TEST(second.body.find("Sunny.") != std::string::npos, second.body);
}

BOOST_AUTO_TEST_CASE(the_mocks_cache_use_and_counter_through_the_anthropic_face) {
    MockGateway mock;
    GatewayProcess gw(mock.config);
    // Six words of system prompt, marked; the echo's replies are scripted, but usage is the mock's own.
    const std::string body =
        R"({"model":"mock/mock-echo","max_tokens":100,)"
        R"("system":[{"type":"text","text":"one two three four five six","cache_control":{"type":"ephemeral"}}],)"
        R"("messages":[{"role":"user","content":"hi"}]})";
    const auto first = post_json(gw.port(), "/v1/messages", body, anthropic_headers);
    BOOST_TEST_REQUIRE(first.status == 200, first.body);
    const auto written = json::parse(first.body).at("usage");
    BOOST_TEST(written.at("cache_creation_input_tokens") == 6, first.body);
    BOOST_TEST(written.at("cache_read_input_tokens") == 0, first.body);
    BOOST_TEST(written.at("input_tokens") == 1, first.body);

    const auto second = post_json(gw.port(), "/v1/messages", body, anthropic_headers);
    BOOST_TEST_REQUIRE(second.status == 200, second.body);
    const auto read = json::parse(second.body).at("usage");
    BOOST_TEST(read.at("cache_read_input_tokens") == 6, second.body);
    BOOST_TEST(read.at("cache_creation_input_tokens") == 0, second.body);

    const auto counted = post_json(gw.port(), "/v1/messages/count_tokens", body, anthropic_headers);
    BOOST_TEST(counted.status == 200, counted.body);
    BOOST_TEST(counted.body == R"({"input_tokens":7})");
}
