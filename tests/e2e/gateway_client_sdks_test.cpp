// The official client SDKs, unmodified — npm's `openai` and `@anthropic-ai/sdk`, pinned in
// tests/sdk_clients/package-lock.json — against `llmhost serve`, each through an upstream of
// its own protocol and of the other one. The scripts in tests/sdk_clients print one line per
// check; this compares those lines and what the mock upstreams received.
//
// Needs node and tests/sdk_clients/node_modules (packaging/install-deps.sh installs both);
// without them the program exits 77, which CTest reports as skipped.
#define BOOST_TEST_NO_MAIN
#include "gateway_test_support.hpp"
#include "sdk_client_runner.hpp"
#include "support/mock_upstream.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <iostream>

using namespace llmhost::testing;
using namespace gateway_e2e;
namespace json = boost::json;

namespace {

const std::string server_key = "sk-gateway-client-key";
const std::string upstream_key = "sk-upstream-provider-key";

// What both mock upstreams answer, each in its own wire format: a tool call when tools are
// offered, the answer once the tool result is back, a greeting otherwise.
const std::string greeting = "Hello from upstream.";
const std::string answer = "It is sunny in Paris.";
const char* const tool_result = "sunny, 24 C";

// clang-format off
const std::vector<std::string> openai_sdk_lines{
    "ok chat: Hello from upstream. (stop, 12 tokens)",
    "ok stream: Hello from upstream. (stop, 12 tokens)",
    R"(ok tool call: get_weather {"city":"Paris"})",
    "ok tool result: It is sunny in Paris. (stop)",
    "ok embeddings: [[0.25,-0.5,1],[0.125,0.75,-1]]", // exact: these floats survive base64 float32
};
// clang-format on
const std::vector<std::string> anthropic_sdk_lines{
    "ok message: Hello from upstream. (end_turn, 9 in / 3 out)",
    "ok stream: Hello from upstream. (end_turn, 9 in / 3 out)",
    R"(ok tool use: get_weather {"city":"Paris"})",
    "ok tool result: It is sunny in Paris. (end_turn)",
};

enum class Turn { greeting, tool_call, answer };

std::string openai_chunk(const std::string& delta, const std::string& finish = "null") {
    return R"(data: {"id":"chatcmpl-up","object":"chat.completion.chunk","created":1,"model":"gpt-up","choices":[{"index":0,"delta":)" +
           delta + R"(,"finish_reason":)" + finish + "}]}\n\n";
}

ScriptedResponse openai_reply(Turn turn, bool stream) {
    const std::string usage = R"({"prompt_tokens":9,"completion_tokens":3,"total_tokens":12})";
    const std::string text = turn == Turn::answer ? answer : greeting;
    if (!stream) {
        const std::string message =
            turn == Turn::tool_call
                ? R"({"role":"assistant","content":null,"tool_calls":[{"id":"call_up1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]})"
                : R"({"role":"assistant","content":")" + text + R"("})";
        return ScriptedResponse::json(
            200,
            R"({"id":"chatcmpl-up","object":"chat.completion","created":1,"model":"gpt-up","choices":[{"index":0,"finish_reason":")" +
                std::string(turn == Turn::tool_call ? "tool_calls" : "stop") + R"(","message":)" + message +
                R"(}],"usage":)" + usage + "}");
    }
    std::vector<std::string> chunks;
    if (turn == Turn::tool_call) {
        chunks = {
            openai_chunk(
                R"({"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_up1","type":"function","function":{"name":"get_weather","arguments":""}}]})"),
            openai_chunk(R"({"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]})"),
            openai_chunk(R"({"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]})"),
            openai_chunk("{}", "\"tool_calls\"")};
    } else {
        const size_t split = text.find(' ');
        chunks = {openai_chunk(R"({"role":"assistant","content":""})"),
                  openai_chunk(R"({"content":")" + text.substr(0, split) + R"("})"),
                  openai_chunk(R"({"content":")" + text.substr(split) + R"("})"), openai_chunk("{}", "\"stop\"")};
    }
    chunks.push_back(
        R"(data: {"id":"chatcmpl-up","object":"chat.completion.chunk","created":1,"model":"gpt-up","choices":[],"usage":)" +
        usage + "}\n\n");
    chunks.push_back("data: [DONE]\n\n");
    return ScriptedResponse::sse(chunks);
}

// An OpenAI-compatible upstream: chat completions (whole or streamed) and embeddings.
ScriptedResponse openai_upstream(const RecordedRequest& r) {
    if (r.target == "/v1/embeddings")
        return ScriptedResponse::json(
            200,
            R"({"object":"list","model":"embed-up","data":[{"object":"embedding","index":0,"embedding":[0.25,-0.5,1.0]},)"
            R"({"object":"embedding","index":1,"embedding":[0.125,0.75,-1.0]}],"usage":{"prompt_tokens":2,"total_tokens":2}})");
    const auto body = json::parse(r.body).as_object();
    const auto* stream = body.if_contains("stream");
    const auto& messages = body.at("messages").as_array();
    const Turn turn = messages.back().at("role") == "tool" ? Turn::answer
                      : body.contains("tools")             ? Turn::tool_call
                                                           : Turn::greeting;
    return openai_reply(turn, stream && stream->as_bool());
}

std::string anthropic_event(const std::string& name, const std::string& data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
}

ScriptedResponse anthropic_reply(Turn turn, bool stream) {
    const std::string text = turn == Turn::answer ? answer : greeting;
    const std::string stop = turn == Turn::tool_call ? "tool_use" : "end_turn";
    if (!stream) {
        const std::string content =
            turn == Turn::tool_call
                ? R"([{"type":"tool_use","id":"toolu_up1","name":"get_weather","input":{"city":"Paris"}}])"
                : R"([{"type":"text","text":")" + text + R"("}])";
        return ScriptedResponse::json(
            200, R"({"id":"msg_up","type":"message","role":"assistant","model":"claude-up","content":)" + content +
                     R"(,"stop_reason":")" + stop +
                     R"(","stop_sequence":null,"usage":{"input_tokens":9,"output_tokens":3}})");
    }
    std::vector<std::string> events{anthropic_event(
        "message_start",
        R"({"type":"message_start","message":{"id":"msg_up","type":"message","role":"assistant","model":"claude-up","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":9,"output_tokens":1}}})")};
    auto delta = [&](const std::string& d) {
        events.push_back(
            anthropic_event("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":)" + d + "}"));
    };
    if (turn == Turn::tool_call) {
        events.push_back(anthropic_event(
            "content_block_start",
            R"({"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_up1","name":"get_weather","input":{}}})"));
        delta(R"({"type":"input_json_delta","partial_json":"{\"city\": \"Par"})");
        delta(R"({"type":"input_json_delta","partial_json":"is\"}"})");
    } else {
        events.push_back(
            anthropic_event("content_block_start",
                            R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})"));
        const size_t split = text.find(' ');
        delta(R"({"type":"text_delta","text":")" + text.substr(0, split) + R"("})");
        delta(R"({"type":"text_delta","text":")" + text.substr(split) + R"("})");
    }
    events.push_back(anthropic_event("content_block_stop", R"({"type":"content_block_stop","index":0})"));
    events.push_back(anthropic_event("message_delta", R"({"type":"message_delta","delta":{"stop_reason":")" + stop +
                                                          R"(","stop_sequence":null},"usage":{"output_tokens":3}})"));
    events.push_back(anthropic_event("message_stop", R"({"type":"message_stop"})"));
    return ScriptedResponse::sse(events);
}

// An Anthropic Messages upstream, reached through the anthropic plugin.
ScriptedResponse anthropic_upstream(const RecordedRequest& r) {
    const auto body = json::parse(r.body).as_object();
    const auto* stream = body.if_contains("stream");
    const auto& last = body.at("messages").as_array().back().at("content");
    const bool has_result =
        last.is_array() && !last.as_array().empty() && last.as_array().back().at("type") == "tool_result";
    const Turn turn = has_result ? Turn::answer : body.contains("tools") ? Turn::tool_call : Turn::greeting;
    return anthropic_reply(turn, stream && stream->as_bool());
}

// Both upstreams behind one gateway that wants `server_key` from its clients:
// `oai/...` reaches the OpenAI-compatible one, `claude/...` the Anthropic one.
struct Setup {
    MockUpstream openai{openai_upstream};
    MockUpstream anthropic{anthropic_upstream};
    GatewayProcess gateway{"[server]\napi_keys = [\"${SERVER_KEY}\"]\n" +
                               openai_provider("oai", openai.base_url(), "api_key = \"${UPSTREAM_KEY}\"\n") +
                               "[providers.claude]\nplugin = \"anthropic\"\nbase_url = \"" + anthropic.base_url() +
                               "\"\napi_key = \"${UPSTREAM_KEY}\"\n",
                           {"SERVER_KEY=" + server_key, "UPSTREAM_KEY=" + upstream_key}};
    std::string url() const { return "http://127.0.0.1:" + std::to_string(gateway.port()); }
};

SdkRun run_openai_sdk(const Setup& s, const std::string& chat_model, const std::string& key = server_key) {
    return run_sdk_client("openai_client.mjs", {s.url(), chat_model, "oai/embed-up"}, {"OPENAI_API_KEY=" + key});
}

SdkRun run_anthropic_sdk(const Setup& s, const std::string& model, const std::string& key = server_key) {
    return run_sdk_client("anthropic_client.mjs", {s.url(), model}, {"ANTHROPIC_API_KEY=" + key});
}

void require_lines(const SdkRun& run, const std::vector<std::string>& expected, const Setup& s) {
    BOOST_TEST_REQUIRE(run.exit_code == 0, "the SDK script failed (exit " << run.exit_code << "):\n"
                                                                          << run.err << "\ngateway log:\n"
                                                                          << s.gateway.stderr_text());
    BOOST_TEST(run.lines() == expected, boost::test_tools::per_element());
}

// The messages of every chat request the upstream received, in order.
std::vector<json::array> sent_messages(const MockUpstream& up) {
    std::vector<json::array> out;
    for (const auto& r : up.requests())
        if (r.target.ends_with("/chat/completions") || r.target.ends_with("/messages"))
            out.push_back(json::parse(r.body).at("messages").as_array());
    return out;
}

void check_upstream_key(const MockUpstream& up, const std::string& header, const std::string& expected) {
    for (const auto& r : up.requests())
        BOOST_TEST(std::string(r.header(header)) == expected, r.target << " carried the wrong key");
}

} // namespace

BOOST_AUTO_TEST_CASE(openai_sdk_through_an_openai_compatible_upstream) {
    Setup s;
    require_lines(run_openai_sdk(s, "oai/gpt-up"), openai_sdk_lines, s);

    const auto sent = sent_messages(s.openai);
    BOOST_REQUIRE_EQUAL(sent.size(), 4u); // chat, stream, tool call, tool result
    const auto& round_trip = sent[3];
    BOOST_REQUIRE_EQUAL(round_trip.size(), 3u);
    BOOST_TEST(round_trip[1].at("tool_calls").at(0).at("id") == "call_up1");
    BOOST_TEST(round_trip[2].at("role") == "tool");
    BOOST_TEST(round_trip[2].at("tool_call_id") == "call_up1");
    BOOST_TEST(round_trip[2].at("content") == tool_result);
    const auto embeddings = json::parse(s.openai.requests().back().body);
    BOOST_TEST(embeddings.at("input") == json::parse(R"(["hello","world"])"));
    check_upstream_key(s.openai, "authorization", "Bearer " + upstream_key); // never the client's key
}

BOOST_AUTO_TEST_CASE(anthropic_sdk_through_the_anthropic_plugin) {
    Setup s;
    require_lines(run_anthropic_sdk(s, "claude/claude-up"), anthropic_sdk_lines, s);

    const auto sent = sent_messages(s.anthropic);
    BOOST_REQUIRE_EQUAL(sent.size(), 4u); // message, stream, tool use, tool result
    const auto& round_trip = sent[3];
    BOOST_REQUIRE_EQUAL(round_trip.size(), 3u);
    BOOST_TEST(round_trip[1].at("content").at(0).at("type") == "tool_use");
    BOOST_TEST(round_trip[1].at("content").at(0).at("input") == json::parse(R"({"city":"Paris"})"));
    const auto& result = round_trip[2].at("content").at(0);
    BOOST_TEST(result.at("type") == "tool_result");
    BOOST_TEST(result.at("tool_use_id") == "toolu_up1");
    BOOST_TEST(json::serialize(result.at("content")).find(tool_result) != std::string::npos, result);
    BOOST_TEST(json::parse(s.anthropic.requests().front().body).at("system") == "Be brief.");
    check_upstream_key(s.anthropic, "x-api-key", upstream_key);
}

BOOST_AUTO_TEST_CASE(anthropic_sdk_through_an_openai_compatible_upstream) {
    Setup s;
    require_lines(run_anthropic_sdk(s, "oai/gpt-up"), anthropic_sdk_lines, s);

    const auto sent = sent_messages(s.openai);
    BOOST_REQUIRE_EQUAL(sent.size(), 4u);
    BOOST_TEST(sent[0].at(0).at("role") == "system"); // the Messages `system` became a system message
    const auto& round_trip = sent[3];
    BOOST_REQUIRE_EQUAL(round_trip.size(), 3u);
    BOOST_TEST(round_trip[1].at("tool_calls").at(0).at("id") == "call_up1");
    BOOST_TEST(json::parse(round_trip[1].at("tool_calls").at(0).at("function").at("arguments").as_string()) ==
               json::parse(R"({"city":"Paris"})"));
    BOOST_TEST(round_trip[2].at("role") == "tool");
    BOOST_TEST(round_trip[2].at("tool_call_id") == "call_up1");
    BOOST_TEST(round_trip[2].at("content") == tool_result);
}

BOOST_AUTO_TEST_CASE(openai_sdk_through_the_anthropic_plugin) {
    Setup s;
    require_lines(run_openai_sdk(s, "claude/claude-up"), openai_sdk_lines, s);

    const auto sent = sent_messages(s.anthropic);
    BOOST_REQUIRE_EQUAL(sent.size(), 4u);
    const auto& round_trip = sent[3];
    BOOST_REQUIRE_EQUAL(round_trip.size(), 3u);
    BOOST_TEST(round_trip[1].at("content").at(0).at("id") == "toolu_up1");
    const auto& result = round_trip[2].at("content").at(0);
    BOOST_TEST(result.at("type") == "tool_result");
    BOOST_TEST(result.at("tool_use_id") == "toolu_up1");
    BOOST_TEST(json::serialize(result.at("content")).find(tool_result) != std::string::npos, result);
    BOOST_TEST(s.openai.requests().size() == 1u); // only the embeddings went there
}

BOOST_AUTO_TEST_CASE(both_sdks_see_a_wrong_key_rejected) {
    Setup s;
    const auto openai = run_openai_sdk(s, "oai/gpt-up", "sk-wrong");
    BOOST_TEST(openai.exit_code == 1);
    BOOST_TEST(openai.err.rfind("FAIL chat (HTTP 401): ", 0) == 0, openai.err);
    const auto anthropic = run_anthropic_sdk(s, "oai/gpt-up", "sk-wrong");
    BOOST_TEST(anthropic.exit_code == 1);
    BOOST_TEST(anthropic.err.rfind("FAIL message (HTTP 401): ", 0) == 0, anthropic.err);
    BOOST_TEST(s.openai.requests().empty());
}

int main(int argc, char* argv[]) {
    if (const std::string missing = missing_sdk_client_dependencies(); !missing.empty()) {
        std::cout << "SKIPPED: " << missing << "; run packaging/install-deps.sh, then configure and build again\n";
        return sdk_clients_skip_code;
    }
    return boost::unit_test::unit_test_main(&init_unit_test, argc, argv);
}
