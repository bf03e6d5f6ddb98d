// Reasoning state round trips through `llmhost serve`, as the real APIs demand: the upstream
// issues a thinking signature (and redacted thinking) with a tool call, and rejects the next
// turn unless they come back byte for byte — as Anthropic does for multi-turn tool use with
// thinking. The client is the Anthropic face, streamed and whole.
#include "gateway_test_support.hpp"
#include "support/mock_upstream.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

using namespace llmhost::testing;
using namespace gateway_e2e;
namespace json = boost::json;

namespace {

const std::string signature = "EqQBCgIYAhIMsig+/=";
const std::string redacted = "EmwKAhgBEgy3vaRedacted==";

std::string ev(const std::string& name, const std::string& data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
}

// Turn 1: thinking (signed), redacted thinking, a tool call. Turn 2: accepted only when the
// assistant turn leads with both blocks exactly as issued, else a 400 like Anthropic's.
ScriptedResponse thinking_upstream(const RecordedRequest& r) {
    const auto body = json::parse(r.body).as_object();
    const auto& messages = body.at("messages").as_array();
    if (messages.size() == 1) {
        const std::string start =
            R"({"type":"message_start","message":{"id":"msg_up","type":"message","role":"assistant","model":"claude-up","content":[],"stop_reason":null,"usage":{"input_tokens":9,"output_tokens":1}}})";
        return ScriptedResponse::sse(
            {ev("message_start", start),
             ev("content_block_start",
                R"({"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}})"),
             ev("content_block_delta",
                R"({"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Weather needs a tool."}})"),
             ev("content_block_delta",
                R"({"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":")" +
                    signature + R"("}})"),
             ev("content_block_stop", R"({"type":"content_block_stop","index":0})"),
             ev("content_block_start",
                R"({"type":"content_block_start","index":1,"content_block":{"type":"redacted_thinking","data":")" +
                    redacted + R"("}})"),
             ev("content_block_stop", R"({"type":"content_block_stop","index":1})"),
             ev("content_block_start",
                R"({"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_1","name":"weather","input":{}}})"),
             ev("content_block_delta",
                R"({"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"city\":\"Paris\"}"}})"),
             ev("content_block_stop", R"({"type":"content_block_stop","index":2})"),
             ev("message_delta",
                R"({"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":5}})"),
             ev("message_stop", R"({"type":"message_stop"})")});
    }
    const auto& assistant = messages.at(1).at("content").as_array();
    const bool intact = assistant.size() >= 3 && assistant[0].at("type") == "thinking" &&
                        assistant[0].at("signature") == signature.c_str() &&
                        assistant[0].at("thinking") == "Weather needs a tool." &&
                        assistant[1].at("type") == "redacted_thinking" && assistant[1].at("data") == redacted.c_str();
    if (!intact)
        return ScriptedResponse::json(
            400,
            R"({"type":"error","error":{"type":"invalid_request_error","message":"messages.1.content.0: expected thinking block with a valid signature"}})");
    return ScriptedResponse::json(
        200,
        R"({"id":"msg_up2","type":"message","role":"assistant","model":"claude-up","content":[{"type":"text","text":"Sunny."}],"stop_reason":"end_turn","usage":{"input_tokens":20,"output_tokens":2}})");
}

std::string config_for(const MockUpstream& up) {
    return "[providers.claude]\nplugin = \"anthropic\"\nbase_url = \"" + up.base_url() + "\"\napi_key = \"k\"\n";
}

const llmhost::Headers anthropic_headers{{"anthropic-version", "2023-06-01"}};

const std::string first_turn =
    R"({"model":"claude/claude-up","max_tokens":1024,"stream":STREAM,"thinking":{"type":"enabled","budget_tokens":1024},)"
    R"("tools":[{"name":"weather","input_schema":{"type":"object"}}],"messages":[{"role":"user","content":"Weather in Paris?"}]})";

std::string with_stream(bool stream) {
    std::string body = first_turn;
    body.replace(body.find("STREAM"), 6, stream ? "true" : "false");
    return body;
}

// The second turn a client sends: its first turn, the assistant content it got, a tool result.
std::string second_turn(const json::array& assistant_content) {
    json::object body = json::parse(with_stream(false)).as_object();
    auto& messages = body["messages"].as_array();
    messages.push_back({{"role", "assistant"}, {"content", assistant_content}});
    messages.push_back(
        {{"role", "user"},
         {"content", json::array{{{"type", "tool_result"}, {"tool_use_id", "toolu_1"}, {"content", "sunny"}}}}});
    return json::serialize(body);
}

// The assistant content a client rebuilds from the Messages stream.
json::array content_from_stream(const std::string& sse) {
    json::array content;
    std::string partial_json;
    for (const auto& e : sse_events(sse)) {
        const auto data = json::parse(e.data).as_object();
        if (e.event == "content_block_start") {
            content.push_back(data.at("content_block"));
            partial_json.clear();
        } else if (e.event == "content_block_delta") {
            const auto& delta = data.at("delta").as_object();
            auto& block = content.back().as_object();
            const auto type = delta.at("type").as_string();
            if (type == "thinking_delta")
                block["thinking"].as_string().append(delta.at("thinking").as_string());
            else if (type == "signature_delta")
                block["signature"] = delta.at("signature");
            else if (type == "input_json_delta")
                partial_json += delta.at("partial_json").as_string();
        } else if (e.event == "content_block_stop" && content.back().at("type") == "tool_use") {
            content.back().as_object()["input"] = json::parse(partial_json.empty() ? "{}" : partial_json);
        }
    }
    return content;
}

} // namespace

BOOST_AUTO_TEST_CASE(thinking_signatures_and_redacted_thinking_survive_a_streamed_tool_turn) {
    MockUpstream up(thinking_upstream);
    GatewayProcess gw(config_for(up));
    const auto first = post_json(gw.port(), "/v1/messages", with_stream(true), anthropic_headers);
    BOOST_TEST_REQUIRE(first.status == 200, first.body);
    BOOST_TEST(first.body.find(R"("type":"signature_delta","signature":")" + signature + "\"") != std::string::npos,
               first.body);
    const auto content = content_from_stream(first.body);
    BOOST_REQUIRE(content.size() == 3u);
    BOOST_TEST(content[1].at("type") == "redacted_thinking");

    const auto second = post_json(gw.port(), "/v1/messages", second_turn(content), anthropic_headers);
    BOOST_TEST(second.status == 200, second.body);
    BOOST_TEST(second.body.find("Sunny.") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(thinking_signatures_survive_a_whole_tool_turn) {
    MockUpstream up(thinking_upstream);
    GatewayProcess gw(config_for(up));
    const auto first = post_json(gw.port(), "/v1/messages", with_stream(false), anthropic_headers);
    BOOST_TEST_REQUIRE(first.status == 200, first.body);
    const auto content = json::parse(first.body).at("content").as_array();
    BOOST_REQUIRE(content.size() == 3u);
    BOOST_TEST(content[0].at("signature") == signature.c_str());
    BOOST_TEST(content[1].at("data") == redacted.c_str());

    const auto second = post_json(gw.port(), "/v1/messages", second_turn(content), anthropic_headers);
    BOOST_TEST(second.status == 200, second.body);

    // A client that drops the signature is refused by the upstream, not by the gateway's guess.
    json::array tampered = content;
    tampered[0].as_object()["signature"] = "forged";
    const auto refused = post_json(gw.port(), "/v1/messages", second_turn(tampered), anthropic_headers);
    BOOST_TEST(refused.status == 400);
}

// ---- reasoning_content, as DeepSeek-style servers demand it back on tool turns -----------

namespace {

// Turn 1: reasoning_content and a tool call. Turn 2: refused unless the assistant turn
// carries the same reasoning_content back.
ScriptedResponse deepseek_upstream(const RecordedRequest& r) {
    const auto body = json::parse(r.body).as_object();
    const auto& messages = body.at("messages").as_array();
    if (messages.size() == 1)
        return ScriptedResponse::json(
            200,
            R"({"id":"c1","object":"chat.completion","created":1,"model":"deepseek-reasoner","choices":[{"index":0,"finish_reason":"tool_calls",)"
            R"("message":{"role":"assistant","content":null,"reasoning_content":"I need the weather tool.",)"
            R"("tool_calls":[{"id":"call_1","type":"function","function":{"name":"weather","arguments":"{}"}}]}}],)"
            R"("usage":{"prompt_tokens":5,"completion_tokens":5,"total_tokens":10}})");
    const auto& assistant = messages.at(1).as_object();
    const auto* reasoning = assistant.if_contains("reasoning_content");
    if (!reasoning || *reasoning != "I need the weather tool.")
        return ScriptedResponse::json(
            400,
            R"({"error":{"message":"Missing reasoning_content in the assistant message","type":"invalid_request_error"}})");
    return ScriptedResponse::json(
        200,
        R"({"id":"c2","object":"chat.completion","created":1,"model":"deepseek-reasoner","choices":[{"index":0,"finish_reason":"stop",)"
        R"("message":{"role":"assistant","content":"Sunny."}}],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}})");
}

std::string deepseek_config(const MockUpstream& up) {
    return "[providers.deepseek]\nplugin = \"openai\"\nbase_url = \"" + up.base_url() + "/v1\"\napi_key = \"k\"\n";
}

} // namespace

BOOST_AUTO_TEST_CASE(reasoning_content_survives_a_tool_turn_through_the_chat_face) {
    MockUpstream up(deepseek_upstream);
    GatewayProcess gw(deepseek_config(up));
    const std::string user = R"({"role":"user","content":"Weather?"})";
    const auto first = post_json(gw.port(), "/v1/chat/completions",
                                 R"({"model":"deepseek/deepseek-reasoner","messages":[)" + user + "]}");
    BOOST_TEST_REQUIRE(first.status == 200, first.body);
    auto message = json::parse(first.body).at("choices").at(0).at("message").as_object();
    BOOST_TEST(message.at("reasoning_content") == "I need the weather tool.");
    BOOST_TEST_REQUIRE(message.contains("reasoning_opaque"), first.body);

    // A client that keeps the message's fields, as a chat client gives the message back.
    const auto second =
        post_json(gw.port(), "/v1/chat/completions",
                  R"({"model":"deepseek/deepseek-reasoner","messages":[)" + user + "," + json::serialize(message) +
                      R"(,{"role":"tool","tool_call_id":"call_1","content":"sunny"}]})");
    BOOST_TEST(second.status == 200, second.body);
}

BOOST_AUTO_TEST_CASE(reasoning_content_survives_a_tool_turn_through_the_anthropic_face) {
    MockUpstream up(deepseek_upstream);
    GatewayProcess gw(deepseek_config(up));
    const std::string first_turn =
        R"({"model":"deepseek/deepseek-reasoner","max_tokens":512,"tools":[{"name":"weather","input_schema":{"type":"object"}}],)"
        R"("messages":[{"role":"user","content":"Weather?"}]})";
    const auto first = post_json(gw.port(), "/v1/messages", first_turn, anthropic_headers);
    BOOST_TEST_REQUIRE(first.status == 200, first.body);
    const auto content = json::parse(first.body).at("content").as_array();
    BOOST_REQUIRE(content.at(0).at("type") == "thinking");
    BOOST_TEST(content.at(0).at("thinking") == "I need the weather tool.");
    // Another provider's state rides in the signature as the gateway's own token.
    BOOST_TEST(std::string(content.at(0).at("signature").as_string()).starts_with("llmhost.rs1."));

    auto body = json::parse(first_turn).as_object();
    body["messages"].as_array().push_back({{"role", "assistant"}, {"content", content}});
    body["messages"].as_array().push_back(
        {{"role", "user"},
         {"content", json::array{{{"type", "tool_result"}, {"tool_use_id", "call_1"}, {"content", "sunny"}}}}});
    const auto second = post_json(gw.port(), "/v1/messages", json::serialize(body), anthropic_headers);
    BOOST_TEST(second.status == 200, second.body);
}

// ---- Gemini's thought signatures, which Gemini 3 demands back on function calls ----------

namespace {

ScriptedResponse gemini_upstream(const RecordedRequest& r) {
    const auto body = json::parse(r.body).as_object();
    const auto& contents = body.at("contents").as_array();
    if (contents.size() == 1)
        return ScriptedResponse::json(
            200,
            R"({"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"name":"weather","args":{"city":"Paris"}},"thoughtSignature":"R2VtaW5pU2ln"}]},"finishReason":"STOP","index":0}],)"
            R"("usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":3,"totalTokenCount":8},"modelVersion":"gemini-up"})");
    const auto& call_part = contents.at(1).at("parts").at(0).as_object();
    const auto* signature = call_part.if_contains("thoughtSignature");
    if (!signature || *signature != "R2VtaW5pU2ln")
        return ScriptedResponse::json(
            400,
            R"({"error":{"code":400,"message":"Function call is missing a thought_signature","status":"INVALID_ARGUMENT"}})");
    return ScriptedResponse::json(
        200,
        R"({"candidates":[{"content":{"role":"model","parts":[{"text":"Sunny."}]},"finishReason":"STOP","index":0}],"modelVersion":"gemini-up"})");
}

} // namespace

BOOST_AUTO_TEST_CASE(gemini_thought_signatures_survive_a_tool_turn_through_the_gemini_face) {
    MockUpstream up(gemini_upstream);
    GatewayProcess gw("[providers.goog]\nplugin = \"gemini\"\nbase_url = \"" + up.base_url() +
                      "/v1beta\"\napi_key = \"k\"\n");
    const std::string user = R"({"role":"user","parts":[{"text":"Weather?"}]})";
    const std::string tools =
        R"("tools":[{"functionDeclarations":[{"name":"weather","parameters":{"type":"OBJECT"}}]}])";
    const auto first = post_json(gw.port(), "/v1beta/models/goog%2Fgemini-up:generateContent",
                                 R"({"contents":[)" + user + "]," + tools + "}");
    BOOST_TEST_REQUIRE(first.status == 200, first.body);
    const auto model_turn = json::parse(first.body).at("candidates").at(0).at("content");
    BOOST_TEST(model_turn.at("parts").at(0).at("thoughtSignature") == "R2VtaW5pU2ln");

    const std::string response_turn =
        R"({"role":"user","parts":[{"functionResponse":{"name":"weather","response":{"result":"sunny"}}}]})";
    const auto second = post_json(gw.port(), "/v1beta/models/goog%2Fgemini-up:generateContent",
                                  R"({"contents":[)" + user + "," + json::serialize(model_turn) + "," + response_turn +
                                      "]," + tools + "}");
    BOOST_TEST(second.status == 200, second.body);
}

// ---- the Responses face: reasoning items carry the state as encrypted_content -----------

BOOST_AUTO_TEST_CASE(thinking_signatures_survive_a_tool_turn_through_the_responses_face) {
    MockUpstream up(thinking_upstream);
    GatewayProcess gw(config_for(up));
    // What Codex sends: nothing stored, reasoning asked back as encrypted_content.
    const std::string head =
        R"({"model":"claude/claude-up","store":false,"include":["reasoning.encrypted_content"],"reasoning":{"effort":"low"},)"
        R"("tools":[{"type":"function","name":"weather","parameters":{"type":"object"}}],)";
    const std::string user = R"({"role":"user","content":"Weather in Paris?"})";
    const auto first = post_json(gw.port(), "/v1/responses", head + R"("stream":true,"input":[)" + user + "]}");
    BOOST_TEST_REQUIRE(first.status == 200, first.body);
    json::array output;
    for (const auto& e : sse_events(first.body))
        if (e.event == "response.completed") output = json::parse(e.data).at("response").at("output").as_array();
    BOOST_REQUIRE(output.size() == 3u); // the signed thinking, the redacted thinking, the call
    BOOST_TEST(output[0].at("type") == "reasoning");
    BOOST_TEST(output[0].at("summary").at(0).at("text") == "Weather needs a tool.");
    BOOST_TEST(std::string(output[0].at("encrypted_content").as_string()).starts_with("llmhost.rs1."));
    BOOST_TEST(output[2].at("type") == "function_call");

    json::array input{json::parse(user)};
    for (const auto& item : output)
        input.push_back(item);
    input.push_back({{"type", "function_call_output"}, {"call_id", output[2].at("call_id")}, {"output", "sunny"}});
    const auto second = post_json(gw.port(), "/v1/responses", head + R"("input":)" + json::serialize(input) + "}");
    BOOST_TEST(second.status == 200, second.body);
    BOOST_TEST(second.body.find("Sunny.") != std::string::npos);
}
