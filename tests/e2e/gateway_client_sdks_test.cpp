// The official client SDKs, unmodified — npm's `openai` (Chat Completions and Responses) and
// `@anthropic-ai/sdk`, and the Vercel AI SDK (`ai`) with its default `openai()` provider, which
// speaks the Responses API; all pinned in tests/sdk_clients/package-lock.json — against
// `llmhost serve`, each through an upstream of its own protocol and of the other one. The
// scripts in tests/sdk_clients print one line per check; this compares those lines and what
// the mock upstreams received.
//
// Needs tests/sdk_clients/node_modules, the Node pinned there included
// (packaging/install-deps.sh installs them); without it the program exits 77, which CTest
// reports as skipped.
#define BOOST_TEST_NO_MAIN
#include "gateway_test_support.hpp"
#include "sdk_client_runner.hpp"
#include "support/mock_upstream.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <array>
#include <map>
#include <string_view>

using namespace llmhost::testing;
using namespace gateway_e2e;
namespace json = boost::json;

namespace {

const std::string server_key = "sk-gateway-client-key";
const std::string upstream_key = "sk-upstream-provider-key";

// What both mock upstreams answer, each in its own wire format: a call of the first tool
// offered that they know, that tool's answer once its result is back, a greeting otherwise;
// reasoning first when the request asks for it.
const std::string greeting = "Hello from upstream.";
const std::string thought = "The user wants a greeting.";
const std::string patch = "*** Begin Patch\n*** Add File: hello.txt\n+hello\n*** End Patch";

struct ScriptedTool {
    std::string name;
    std::string arguments; // what the upstreams call it with, JSON text
    std::string result;    // what the clients send back
    std::string answer;    // what the upstreams say then
};
const ScriptedTool weather{"get_weather", R"({"city":"Paris"})", "sunny, 24 C", "It is sunny in Paris."};
// A freeform tool: the upstreams see a function taking one string, `input`.
const ScriptedTool apply_patch{"apply_patch", json::serialize(json::object{{"input", patch}}), "A hello.txt",
                               "The patch is applied."};

const ScriptedTool* const scripted_tools[] = {&weather, &apply_patch};

const ScriptedTool* scripted_tool(std::string_view name) {
    for (const ScriptedTool* t : scripted_tools)
        if (t->name == name) return t;
    return nullptr;
}

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
const std::vector<std::string> responses_sdk_lines{
    "ok text: Hello from upstream. (completed, 12 tokens)",
    "ok stream: Hello from upstream. (completed)",
    R"(ok function call: get_weather {"city":"Paris"})",
    "ok function result: It is sunny in Paris. (completed)",
    R"(ok custom tool call: apply_patch "*** Begin Patch\n*** Add File: hello.txt\n+hello\n*** End Patch")",
    R"(ok custom tool stream: apply_patch "*** Begin Patch\n*** Add File: hello.txt\n+hello\n*** End Patch")",
    "ok custom tool result: The patch is applied. (completed)",
    "ok reasoning: The user wants a greeting. / Hello from upstream.",
    "ok reasoning round trip: Hello from upstream. (completed)",
    "ok previous response: Hello from upstream. (completed)",
    "ok retrieve: Hello from upstream. (completed)",
    "ok item reference: It is sunny in Paris. (completed)",
};
const std::vector<std::string> vercel_ai_lines{
    "ok generateText: Hello from upstream. (stop, 9 in / 3 out)",
    "ok conversation: Hello from upstream. (stop)",
    "ok streamText: Hello from upstream. (stop, 9 in / 3 out)",
    R"(ok tool call: get_weather {"city":"Paris"})",
    "ok tool result: It is sunny in Paris. (stop)",
    R"(ok streamed tool round trip: get_weather {"city":"Paris"} -> It is sunny in Paris. (stop))",
};

// A conversation as an upstream received it, one line per piece, alike for both wire formats:
// "system: ...", "user: ...", "assistant: ...", "assistant thinking: ...",
// "assistant calls get_weather {...}", "get_weather returned: ..." (the tool named by the call
// the result answers, "?" when none did).
using Lines = std::vector<std::string>;

// The text of a string, or of the text parts or blocks of an array.
std::string text_of(const json::value* content) {
    if (!content) return {};
    if (content->is_string()) return std::string(content->get_string());
    std::string out;
    if (content->is_array())
        for (const auto& part : content->get_array())
            if (part.at("type") == "text") out += part.at("text").as_string();
    return out;
}

// Tool arguments, a JSON string (OpenAI) or an object (Anthropic), as compact JSON text.
std::string arguments_json(const json::value& args) {
    return json::serialize(args.is_string() ? json::parse(args.get_string()) : args);
}

class Transcript {
  public:
    void say(const std::string& who, const std::string& text) {
        if (!text.empty()) lines_.push_back(who + ": " + text);
    }
    void call(const std::string& id, const std::string& name, const json::value& args) {
        names_[id] = name;
        lines_.push_back("assistant calls " + name + " " + arguments_json(args));
    }
    void result(const std::string& id, const std::string& text) {
        const auto it = names_.find(id);
        lines_.push_back((it == names_.end() ? "?" : it->second) + " returned: " + text);
    }
    Lines lines() && { return std::move(lines_); }

  private:
    Lines lines_;
    std::map<std::string, std::string> names_; // call id -> tool name
};

std::string str(const json::value& v) { return std::string(v.as_string()); }

Lines openai_conversation(const json::object& body) {
    Transcript t;
    for (const auto& value : body.at("messages").as_array()) {
        const auto& m = value.as_object();
        const std::string role = str(m.at("role"));
        if (role == "tool") {
            t.result(str(m.at("tool_call_id")), text_of(m.if_contains("content")));
            continue;
        }
        t.say(role + " thinking", text_of(m.if_contains("reasoning_content")));
        t.say(role, text_of(m.if_contains("content")));
        if (const auto* calls = m.if_contains("tool_calls"))
            for (const auto& c : calls->as_array())
                t.call(str(c.at("id")), str(c.at("function").at("name")), c.at("function").at("arguments"));
    }
    return std::move(t).lines();
}

Lines anthropic_conversation(const json::object& body) {
    Transcript t;
    t.say("system", text_of(body.if_contains("system")));
    for (const auto& value : body.at("messages").as_array()) {
        const std::string role = str(value.at("role"));
        const auto& content = value.at("content");
        if (content.is_string()) t.say(role, str(content));
        if (!content.is_array()) continue;
        for (const auto& block : content.as_array()) {
            const auto& type = block.at("type");
            if (type == "text") t.say(role, str(block.at("text")));
            if (type == "thinking") t.say(role + " thinking", str(block.at("thinking")));
            if (type == "tool_use") t.call(str(block.at("id")), str(block.at("name")), block.at("input"));
            if (type == "tool_result")
                t.result(str(block.at("tool_use_id")), text_of(block.as_object().if_contains("content")));
        }
    }
    return std::move(t).lines();
}

bool is_openai_chat(const RecordedRequest& r) { return r.target.ends_with("/chat/completions"); }

Lines conversation(const RecordedRequest& r) {
    const auto body = json::parse(r.body).as_object();
    return is_openai_chat(r) ? openai_conversation(body) : anthropic_conversation(body);
}

// The tools a request offers, in either wire format.
const json::array& offered_tools(const json::object& body) {
    static const json::array none;
    const auto* tools = body.if_contains("tools");
    return tools ? tools->as_array() : none;
}
std::string tool_name(const json::value& tool) {
    const auto* function = tool.as_object().if_contains("function");
    return str((function ? *function : tool).at("name"));
}
const json::value& tool_schema(const json::value& tool) {
    const auto* function = tool.as_object().if_contains("function");
    return function ? function->at("parameters") : tool.at("input_schema");
}

// What an upstream answers, before it is put in a wire format.
struct Reply {
    std::string reasoning;
    std::string text;
    const ScriptedTool* call = nullptr; // instead of text
};

Reply reply_to(const json::object& body, const Lines& conversation) {
    Reply reply;
    if (body.contains("reasoning_effort") || body.contains("thinking")) reply.reasoning = thought;
    for (const ScriptedTool* t : scripted_tools)
        if (!conversation.empty() && conversation.back().starts_with(t->name + " returned: ")) {
            reply.text = t->answer;
            return reply;
        }
    for (const auto& tool : offered_tools(body))
        if ((reply.call = scripted_tool(tool_name(tool)))) return reply;
    reply.text = greeting;
    return reply;
}

bool streamed(const json::object& body) {
    const auto* stream = body.if_contains("stream");
    return stream && stream->as_bool();
}

std::string json_string(std::string_view s) { return json::serialize(json::string(s)); }

// A text in two pieces, as a stream would bring it.
std::array<std::string, 2> halves(const std::string& s) { return {s.substr(0, s.size() / 2), s.substr(s.size() / 2)}; }

std::string openai_chunk(const std::string& delta, const std::string& finish = "null") {
    return R"(data: {"id":"chatcmpl-up","object":"chat.completion.chunk","created":1,"model":"gpt-up","choices":[{"index":0,"delta":)" +
           delta + R"(,"finish_reason":)" + finish + "}]}\n\n";
}

ScriptedResponse openai_reply(const Reply& reply, bool stream) {
    const std::string usage = R"({"prompt_tokens":9,"completion_tokens":3,"total_tokens":12})";
    const std::string finish = reply.call ? "tool_calls" : "stop";
    // The tool call, `fields` first: the whole call, or the start of a streamed one.
    const auto tool_call = [&](const std::string& fields, const std::string& arguments) {
        return "{" + fields + R"("id":"call_up1","type":"function","function":{"name":)" +
               json_string(reply.call->name) + R"(,"arguments":)" + json_string(arguments) + "}}";
    };
    if (!stream) {
        std::string message = R"({"role":"assistant")";
        if (!reply.reasoning.empty()) message += R"(,"reasoning_content":)" + json_string(reply.reasoning);
        message += R"(,"content":)" + (reply.call ? "null" : json_string(reply.text));
        if (reply.call) message += R"(,"tool_calls":[)" + tool_call("", reply.call->arguments) + "]";
        return ScriptedResponse::json(
            200,
            R"({"id":"chatcmpl-up","object":"chat.completion","created":1,"model":"gpt-up","choices":[{"index":0,"finish_reason":")" +
                finish + R"(","message":)" + message + R"(}}],"usage":)" + usage + "}");
    }
    std::vector<std::string> chunks{openai_chunk(R"({"role":"assistant","content":""})")};
    for (const auto& piece : halves(reply.reasoning))
        if (!piece.empty()) chunks.push_back(openai_chunk(R"({"reasoning_content":)" + json_string(piece) + "}"));
    if (reply.call) {
        chunks.push_back(openai_chunk(R"({"tool_calls":[)" + tool_call(R"("index":0,)", "") + "]}"));
        for (const auto& piece : halves(reply.call->arguments))
            chunks.push_back(
                openai_chunk(R"({"tool_calls":[{"index":0,"function":{"arguments":)" + json_string(piece) + "}}]}"));
    } else {
        for (const auto& piece : halves(reply.text))
            chunks.push_back(openai_chunk(R"({"content":)" + json_string(piece) + "}"));
    }
    chunks.push_back(openai_chunk("{}", json_string(finish)));
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
    return openai_reply(reply_to(body, openai_conversation(body)), streamed(body));
}

std::string anthropic_event(const std::string& name, const std::string& data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
}

ScriptedResponse anthropic_reply(const Reply& reply, bool stream) {
    const std::string stop = reply.call ? "tool_use" : "end_turn";
    const std::string signature = R"("signature":"sig-up")";
    const std::string tool_use =
        reply.call ? R"({"type":"tool_use","id":"toolu_up1","name":)" + json_string(reply.call->name) + R"(,"input":)"
                   : "";
    if (!stream) {
        std::string content = "[";
        if (!reply.reasoning.empty())
            content += R"({"type":"thinking","thinking":)" + json_string(reply.reasoning) + "," + signature + "},";
        content += reply.call ? tool_use + reply.call->arguments + "}"
                              : R"({"type":"text","text":)" + json_string(reply.text) + "}";
        return ScriptedResponse::json(
            200, R"({"id":"msg_up","type":"message","role":"assistant","model":"claude-up","content":)" + content +
                     R"(],"stop_reason":")" + stop +
                     R"(","stop_sequence":null,"usage":{"input_tokens":9,"output_tokens":3}})");
    }
    std::vector<std::string> events{anthropic_event(
        "message_start",
        R"({"type":"message_start","message":{"id":"msg_up","type":"message","role":"assistant","model":"claude-up","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":9,"output_tokens":1}}})")};
    int index = 0;
    // One content block: its start, a delta of `delta_type` per half of `text`, `more` deltas, its stop.
    const auto block = [&](const std::string& start, const std::string& delta_type, const std::string& key,
                           const std::string& text, const std::vector<std::string>& more = {}) {
        const std::string at = R"("index":)" + std::to_string(index++);
        events.push_back(anthropic_event("content_block_start", R"({"type":"content_block_start",)" + at +
                                                                    R"(,"content_block":)" + start + "}"));
        std::vector<std::string> deltas;
        for (const auto& piece : halves(text))
            deltas.push_back(R"({"type":")" + delta_type + R"(",")" + key + R"(":)" + json_string(piece) + "}");
        deltas.insert(deltas.end(), more.begin(), more.end());
        for (const auto& d : deltas)
            events.push_back(anthropic_event("content_block_delta",
                                             R"({"type":"content_block_delta",)" + at + R"(,"delta":)" + d + "}"));
        events.push_back(anthropic_event("content_block_stop", R"({"type":"content_block_stop",)" + at + "}"));
    };
    if (!reply.reasoning.empty())
        block(R"({"type":"thinking","thinking":""})", "thinking_delta", "thinking", reply.reasoning,
              {R"({"type":"signature_delta",)" + signature + "}"});
    if (reply.call)
        block(tool_use + "{}}", "input_json_delta", "partial_json", reply.call->arguments);
    else
        block(R"({"type":"text","text":""})", "text_delta", "text", reply.text);
    events.push_back(anthropic_event("message_delta", R"({"type":"message_delta","delta":{"stop_reason":")" + stop +
                                                          R"(","stop_sequence":null},"usage":{"output_tokens":3}})"));
    events.push_back(anthropic_event("message_stop", R"({"type":"message_stop"})"));
    return ScriptedResponse::sse(events);
}

// An Anthropic Messages upstream, reached through the anthropic plugin.
ScriptedResponse anthropic_upstream(const RecordedRequest& r) {
    const auto body = json::parse(r.body).as_object();
    return anthropic_reply(reply_to(body, anthropic_conversation(body)), streamed(body));
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

SdkRun run_responses_sdk(const Setup& s, const std::string& model, const std::string& key = server_key) {
    return run_sdk_client("openai_responses_client.mjs", {s.url(), model}, {"OPENAI_API_KEY=" + key});
}

SdkRun run_vercel_ai(const Setup& s, const std::string& model, const std::string& key = server_key) {
    return run_sdk_client("vercel_ai_client.mjs", {s.url(), model}, {"OPENAI_API_KEY=" + key});
}

void require_lines(const SdkRun& run, const std::vector<std::string>& expected, const Setup& s) {
    BOOST_TEST_REQUIRE(run.exit_code == 0, "the SDK script failed (exit " << run.exit_code << "):\n"
                                                                          << run.err << "\ngateway log:\n"
                                                                          << s.gateway.stderr_text());
    BOOST_TEST(run.lines() == expected, boost::test_tools::per_element());
}

// Every chat request the upstream received, in order.
std::vector<RecordedRequest> chat_requests(const MockUpstream& up) {
    std::vector<RecordedRequest> out;
    for (const auto& r : up.requests())
        if (is_openai_chat(r) || r.target.ends_with("/messages")) out.push_back(r);
    return out;
}

json::object body_of(const RecordedRequest& r) { return json::parse(r.body).as_object(); }

// The messages of every chat request the upstream received, in order.
std::vector<json::array> sent_messages(const MockUpstream& up) {
    std::vector<json::array> out;
    for (const auto& r : chat_requests(up))
        out.push_back(body_of(r).at("messages").as_array());
    return out;
}

Lines without_thinking(Lines lines) {
    std::erase_if(lines, [](const std::string& line) { return line.starts_with("assistant thinking: "); });
    return lines;
}

// A tool round trip's last request, whichever client made it.
const Lines weather_round_trip{"user: What is the weather in Paris?", R"(assistant calls get_weather {"city":"Paris"})",
                               "get_weather returned: sunny, 24 C"};

// What the Responses script's requests reached an upstream as, whichever its wire format.
void check_responses_requests(const std::vector<RecordedRequest>& sent) {
    // text, stream; function call and result; custom tool call (whole, streamed) and result;
    // reasoning and its round trip; a response and the one chained to it; a function call and
    // its result after an item_reference to it
    BOOST_REQUIRE_EQUAL(sent.size(), 13u);
    for (const size_t result : {3, 12})
        BOOST_TEST(conversation(sent[result]) == weather_round_trip, boost::test_tools::per_element());

    // The freeform tool went out as a function taking one string, its grammar described.
    const auto custom_request = body_of(sent[4]);
    const auto& offered = offered_tools(custom_request);
    BOOST_REQUIRE_EQUAL(offered.size(), 1u);
    BOOST_TEST(tool_name(offered[0]) == "apply_patch");
    const auto& schema = tool_schema(offered[0]);
    BOOST_TEST(schema.at("required") == json::parse(R"(["input"])"));
    const auto& input = schema.at("properties").at("input");
    BOOST_TEST(input.at("type") == "string");
    BOOST_TEST(str(input.at("description")).find("start: /.+/") != std::string::npos, input);
    // Its custom_tool_call came back as a call with {"input": <the raw text>}.
    BOOST_TEST(conversation(sent[6]) ==
                   (Lines{"user: Create hello.txt.", "assistant calls apply_patch " + apply_patch.arguments,
                          "apply_patch returned: A hello.txt"}),
               boost::test_tools::per_element());

    // The reasoning item sent back was accepted and its turn went on (its reasoning in whatever
    // form the upstream's protocol takes, if any).
    BOOST_TEST(without_thinking(conversation(sent[8])) ==
                   (Lines{"user: Say hello.", "assistant: Hello from upstream.", "user: Say hello again."}),
               boost::test_tools::per_element());

    // previous_response_id: the stored turn first, though the client sent only the new message.
    BOOST_TEST(conversation(sent[10]) ==
                   (Lines{"user: My name is Ada.", "assistant: Hello from upstream.", "user: What is my name?"}),
               boost::test_tools::per_element());
}

// What the Vercel AI SDK's requests reached an upstream as.
void check_vercel_ai_requests(const std::vector<RecordedRequest>& sent) {
    // generateText, the conversation's next turn, streamText, two tool round trips of two steps
    BOOST_REQUIRE_EQUAL(sent.size(), 7u);
    BOOST_TEST(conversation(sent[0]) == (Lines{"system: Be brief.", "user: Say hello."}),
               boost::test_tools::per_element());
    // The item_reference stood for the stored answer.
    BOOST_TEST(conversation(sent[1]) ==
                   (Lines{"user: Say hello.", "assistant: Hello from upstream.", "user: Say hello again."}),
               boost::test_tools::per_element());
    for (const size_t result : {4, 6})
        BOOST_TEST(conversation(sent[result]) == weather_round_trip, boost::test_tools::per_element());
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
    BOOST_TEST(round_trip[2].at("content") == weather.result.c_str());
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
    BOOST_TEST(json::serialize(result.at("content")).find(weather.result) != std::string::npos, result);
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
    BOOST_TEST(round_trip[2].at("content") == weather.result.c_str());
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
    BOOST_TEST(json::serialize(result.at("content")).find(weather.result) != std::string::npos, result);
    BOOST_TEST(s.openai.requests().size() == 1u); // only the embeddings went there
}

BOOST_AUTO_TEST_CASE(responses_api_of_the_openai_sdk_through_an_openai_compatible_upstream) {
    Setup s;
    require_lines(run_responses_sdk(s, "oai/gpt-up"), responses_sdk_lines, s);

    const auto sent = chat_requests(s.openai);
    check_responses_requests(sent);
    BOOST_TEST(body_of(sent[7]).at("reasoning_effort") == "low");
    check_upstream_key(s.openai, "authorization", "Bearer " + upstream_key);
}

BOOST_AUTO_TEST_CASE(responses_api_of_the_openai_sdk_through_the_anthropic_plugin) {
    Setup s;
    require_lines(run_responses_sdk(s, "claude/claude-up"), responses_sdk_lines, s);

    const auto sent = chat_requests(s.anthropic);
    check_responses_requests(sent);
    BOOST_TEST(body_of(sent[7]).at("thinking").at("type") == "enabled");
    BOOST_TEST(s.openai.requests().empty());
    check_upstream_key(s.anthropic, "x-api-key", upstream_key);
}

BOOST_AUTO_TEST_CASE(vercel_ai_sdk_through_an_openai_compatible_upstream) {
    Setup s;
    require_lines(run_vercel_ai(s, "oai/gpt-up"), vercel_ai_lines, s);
    check_vercel_ai_requests(chat_requests(s.openai));
    check_upstream_key(s.openai, "authorization", "Bearer " + upstream_key);
}

BOOST_AUTO_TEST_CASE(vercel_ai_sdk_through_the_anthropic_plugin) {
    Setup s;
    require_lines(run_vercel_ai(s, "claude/claude-up"), vercel_ai_lines, s);
    check_vercel_ai_requests(chat_requests(s.anthropic));
    BOOST_TEST(s.openai.requests().empty());
}

BOOST_AUTO_TEST_CASE(every_client_sees_a_wrong_key_rejected) {
    Setup s;
    const auto openai = run_openai_sdk(s, "oai/gpt-up", "sk-wrong");
    BOOST_TEST(openai.exit_code == 1);
    BOOST_TEST(openai.err.rfind("FAIL chat (HTTP 401): ", 0) == 0, openai.err);
    const auto anthropic = run_anthropic_sdk(s, "oai/gpt-up", "sk-wrong");
    BOOST_TEST(anthropic.exit_code == 1);
    BOOST_TEST(anthropic.err.rfind("FAIL message (HTTP 401): ", 0) == 0, anthropic.err);
    const auto responses = run_responses_sdk(s, "oai/gpt-up", "sk-wrong");
    BOOST_TEST(responses.exit_code == 1);
    BOOST_TEST(responses.err.rfind("FAIL text (HTTP 401): ", 0) == 0, responses.err);
    const auto vercel = run_vercel_ai(s, "oai/gpt-up", "sk-wrong");
    BOOST_TEST(vercel.exit_code == 1);
    BOOST_TEST(vercel.err.rfind("FAIL generateText (HTTP 401): ", 0) == 0, vercel.err);
    BOOST_TEST(s.openai.requests().empty());
}

int main(int argc, char* argv[]) { return sdk_clients_test_main(argc, argv, &init_unit_test); }
