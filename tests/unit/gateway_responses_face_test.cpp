// The OpenAI Responses face's codecs with exact expected output: requests into the canonical
// model (including Codex CLI's recorded requests), bad input, previous_response_id and the
// store, the event stream and whole response objects.
#include "core/gateway/faces/openai_responses/responses_face.hpp"
#include "expected_files.hpp"
#include "gateway_events.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <map>
#include <regex>
#include <variant>
#include <vector>

using namespace llmhost;
using namespace llmhost::gateway;
using namespace std::chrono_literals;
namespace gt = gateway_test;
namespace rf = llmhost::gateway::responses_face;

namespace {

const ResponseIdentity identity{"resp_1", "m", 1700000000};

FaceChatRequest parse(std::string_view body) {
    rf::ResponseStore store(8, 1h);
    return rf::parse_responses_request(body, store);
}

GatewayError parse_error(std::string_view body, rf::ResponseStore* store = nullptr) {
    rf::ResponseStore empty(8, 1h);
    rf::ResponseStore& s = store ? *store : empty;
    return gt::parse_error([&](std::string_view b) { return rf::parse_responses_request(b, s); }, body);
}

std::shared_ptr<const rf::ResponsesRequest> state_of(const FaceChatRequest& r) {
    return std::static_pointer_cast<const rf::ResponsesRequest>(r.state);
}

std::string note(const FaceChatRequest& r, std::string_view name) {
    for (const auto& [n, v] : r.notes)
        if (n == name) return v;
    return "(none)";
}

std::string canonical(const Message& m) {
    std::string out;
    append_canonical_json(out, m);
    return out;
}

// Output item ids are random: each becomes its prefix and the order it first appeared in
// (msg_1, fc_1, fc_2, ...), so a test still sees which events name the same item.
std::string normalise_ids(const std::string& text) {
    static const std::regex id("(msg|rs|fc|ctc)_[0-9A-Za-z]{24}");
    std::map<std::string, std::string> seen;
    std::map<std::string, int> counts;
    std::string out;
    auto last = text.cbegin();
    for (std::sregex_iterator it(text.begin(), text.end(), id), end; it != end; ++it) {
        out.append(last, (*it)[0].first);
        auto [pos, fresh] = seen.try_emplace(it->str(0));
        if (fresh) pos->second = it->str(1) + "_" + std::to_string(++counts[it->str(1)]);
        out += pos->second;
        last = (*it)[0].second;
    }
    out.append(last, text.cend());
    return out;
}

gt::Event usage(int64_t in, int64_t out, int64_t cached, int64_t reasoning) {
    gt::Event e = gt::usage(in, out);
    e.e.usage.cached_input_tokens = cached;
    e.e.usage.reasoning_tokens = reasoning;
    return e;
}

// The stream for `events` answering the request `body` (ids normalised).
std::string encode(std::string_view body, std::initializer_list<gt::Event> events) {
    return normalise_ids(gt::encode(*rf::make_stream_encoder(state_of(parse(body)), identity, nullptr), events));
}

// One event as the encoder writes it; `fields` follow type and sequence_number, each
// starting with a comma.
std::string sse(std::string_view type, int sequence, std::string_view fields) {
    return "event: " + std::string(type) + "\ndata: {\"type\":\"" + std::string(type) +
           "\",\"sequence_number\":" + std::to_string(sequence) + std::string(fields) + "}\n\n";
}

// What a response object says besides its status, output and usage.
struct Extra {
    std::string_view model = "m";
    std::string_view error = "null";
    std::string_view incomplete = "null";
    std::string_view echo = ""; // the request members it repeats
};

// The response object for `identity` answering a request with store false.
std::string response_object(std::string_view status, std::string_view output, std::string_view usage,
                            const Extra& extra = {}) {
    return R"({"id":"resp_1","object":"response","created_at":1700000000,"status":")" + std::string(status) +
           R"(","error":)" + std::string(extra.error) + R"(,"incomplete_details":)" + std::string(extra.incomplete) +
           R"(,"model":")" + std::string(extra.model) + R"(","output":)" + std::string(output) + R"(,"store":false)" +
           std::string(extra.echo) + R"(,"usage":)" + std::string(usage) + "}";
}

// response.created and response.in_progress.
std::string started(const Extra& extra = {}) {
    const std::string response = ",\"response\":" + response_object("in_progress", "[]", "null", extra);
    return sse("response.created", 0, response) + sse("response.in_progress", 1, response);
}

const std::string no_usage =
    R"({"input_tokens":0,"input_tokens_details":{"cached_tokens":0},"output_tokens":0,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":0})";

std::string agents_fixture(const std::string& name) {
    return llmhost::testing::read_text_file(std::string(LLMHOST_TEST_SOURCE_DIR) + "/tests/data/agents/" + name);
}

} // namespace

// ---- requests ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_string_input_is_one_user_message) {
    const auto r = parse(R"({"model":"m","input":"hi"})");
    BOOST_TEST(!r.stream);
    BOOST_TEST(r.session == "");
    BOOST_TEST(r.notes.empty());
    BOOST_TEST(gt::canonical(r) ==
               R"({"model":"m","stream":false,"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]})");
    const auto state = state_of(r);
    BOOST_TEST(state->store); // the API's default
    BOOST_REQUIRE(state->conversation);
    BOOST_TEST(state->conversation->size() == 1u);
    BOOST_TEST(state->echo.empty());
}

namespace {

// Every item, content part, tool and option the face maps.
const std::string full_request = R"({
      "model": "openai/gpt-4o", "stream": true, "instructions": "Be terse.",
      "input": [
        {"type": "message", "role": "developer", "content": "Use tools."},
        {"type": "message", "role": "system", "content": [{"type": "input_text", "text": "Sys."}]},
        {"role": "user", "content": [{"type": "input_text", "text": "Look:"},
                                     {"type": "input_image", "image_url": "data:image/png;base64,iVBO"},
                                     {"type": "input_image", "image_url": "https://x/y.png", "detail": "low"}]},
        {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "hmm"}], "encrypted_content": "opaque"},
        {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Let me check."}]},
        {"role": "assistant", "content": [{"type": "refusal", "refusal": "Not that."}]},
        {"type": "function_call", "call_id": "call_1", "name": "get_weather", "arguments": "{\"city\":\"Paris\"}"},
        {"type": "custom_tool_call", "call_id": "call_2", "name": "apply_patch", "input": "*** Begin Patch\n*** End Patch"},
        {"type": "function_call", "call_id": "call_3", "namespace": "agents", "name": "spawn", "arguments": {"task": "x"}},
        {"type": "function_call_output", "call_id": "call_1", "output": "sunny"},
        {"type": "custom_tool_call_output", "call_id": "call_2", "output": [{"type": "input_text", "text": "Done!"}]},
        {"type": "function_call_output", "call_id": "call_3",
         "output": [{"type": "input_text", "text": "spawned"}, {"type": "input_image", "image_url": "https://x/z.png"}]},
        {"type": "message", "role": "user", "content": "Thanks"}
      ],
      "tools": [
        {"type": "function", "name": "get_weather", "description": "Weather", "strict": true,
         "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}},
        {"type": "function", "name": "now"},
        {"type": "custom", "name": "apply_patch", "description": "Edit files",
         "format": {"type": "grammar", "syntax": "lark", "definition": "start: \"*** Begin Patch\""}},
        {"type": "custom", "name": "note", "format": {"type": "text"}},
        {"type": "namespace", "name": "agents", "description": "Sub-agents",
         "tools": [{"type": "function", "name": "spawn", "description": "Start one", "parameters": {"type": "object"}},
                   {"type": "function", "name": "wait"}]},
        {"type": "web_search"}, {"type": "file_search", "vector_store_ids": ["vs_1"]}, {"type": "tool_search"}
      ],
      "tool_choice": "required",
      "text": {"format": {"type": "json_schema", "name": "w", "schema": {"type": "object"}, "strict": true}},
      "reasoning": {"effort": "xhigh", "summary": "auto"},
      "max_output_tokens": 512, "temperature": 0.5, "top_p": 0.9, "stop": ["END"],
      "prompt_cache_key": "pck-1", "user": "u-1", "metadata": {"user_id": "meta-1"},
      "parallel_tool_calls": true, "store": false, "include": ["reasoning.encrypted_content"], "unknown_field": 1})";

} // namespace

BOOST_AUTO_TEST_CASE(a_full_request_becomes_the_canonical_request) {
    const auto r = parse(full_request);
    BOOST_TEST(r.stream);
    BOOST_TEST(r.session == "pck-1");
    BOOST_TEST(
        gt::canonical(r) ==
        R"({"model":"openai/gpt-4o","stream":true,"messages":[)"
        R"({"role":"system","content":[{"type":"text","text":"Be terse."}]},)"
        R"({"role":"system","content":[{"type":"text","text":"Use tools."}]},)"
        R"({"role":"system","content":[{"type":"text","text":"Sys."}]},)"
        R"({"role":"user","content":[{"type":"text","text":"Look:"},{"type":"image","media_type":"image/png","data":"iVBO"},{"type":"image","url":"https://x/y.png"}]},)"
        R"({"role":"assistant","reasoning":[{"text":"hmm","state":{"origin":"openai-responses","data":"opaque","id":"rs_1"}}],)"
        R"("content":[{"type":"text","text":"Let me check."},{"type":"text","text":"Not that."}],"tool_calls":[)"
        R"({"id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},)"
        R"({"id":"call_2","name":"apply_patch","arguments":"{\"input\":\"*** Begin Patch\\n*** End Patch\"}"},)"
        R"({"id":"call_3","name":"agents__spawn","arguments":"{\"task\":\"x\"}"}]},)"
        R"({"role":"tool","content":[{"type":"text","text":"sunny"}],"tool_call_id":"call_1","name":"get_weather"},)"
        R"({"role":"tool","content":[{"type":"text","text":"Done!"}],"tool_call_id":"call_2","name":"apply_patch"},)"
        R"({"role":"tool","content":[{"type":"text","text":"spawned"},{"type":"image","url":"https://x/z.png"}],"tool_call_id":"call_3","name":"agents__spawn"},)"
        R"({"role":"user","content":[{"type":"text","text":"Thanks"}]}],)"
        R"("tools":[{"name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}},)"
        R"({"name":"now","description":"","parameters":{"type":"object","properties":{}}},)"
        R"({"name":"apply_patch","type":"custom","format":{"type":"grammar","syntax":"lark","definition":"start: \"*** Begin Patch\""},)"
        R"("description":"Edit files","parameters":{"type":"object","properties":{"input":{"type":"string",)"
        R"("description":"The tool's whole input, as raw text (not JSON). It must match this lark grammar:\nstart: \"*** Begin Patch\""}},)"
        R"("required":["input"],"additionalProperties":false}},)"
        R"({"name":"note","type":"custom","format":{"type":"text"},"description":"","parameters":{"type":"object","properties":{"input":{"type":"string",)"
        R"("description":"The tool's whole input, as raw text (not JSON)."}},"required":["input"],"additionalProperties":false}},)"
        R"({"name":"agents__spawn","description":"Start one","parameters":{"type":"object"}},)"
        R"({"name":"agents__wait","description":"","parameters":{"type":"object","properties":{}}}],)"
        R"("tool_choice":"required","response_format":{"type":"json_schema","name":"w","schema":{"type":"object"},"strict":true},)"
        R"("temperature":0.5,"max_tokens":512,"stop":["END"],"reasoning":{"effort":"high"},)"
        R"("top_p":0.9,"parallel_tool_calls":true,"user":"u-1","prompt_cache_key":"pck-1",)"
        R"("extension":{"protocol":"openai-responses","fields":{"metadata":{"user_id":"meta-1"},"unknown_field":1}}})");
    BOOST_TEST(note(r, "X-Llmhost-Tools-Left-Out") == "web_search, file_search, tool_search");
    BOOST_TEST(r.notes.size() == 1u);

    const auto state = state_of(r);
    BOOST_TEST(!state->store);
    BOOST_TEST(!state->conversation); // nothing to keep
    BOOST_TEST((state->custom_tools == std::set<std::string, std::less<>>{"apply_patch", "note"}));
    BOOST_TEST(state->namespaced.size() == 2u);
    BOOST_TEST(state->namespaced.at("agents__spawn").first == "agents");
    BOOST_TEST(state->namespaced.at("agents__spawn").second == "spawn");
    BOOST_TEST(state->namespaced.at("agents__wait").second == "wait");
    std::string echoed;
    for (const auto& [key, json] : state->echo)
        echoed += key + " ";
    BOOST_TEST(echoed == "instructions max_output_tokens metadata parallel_tool_calls prompt_cache_key reasoning "
                         "temperature text tool_choice tools top_p user ");
}

BOOST_AUTO_TEST_CASE(consecutive_assistant_items_are_one_turn) {
    const auto r = parse(R"({"input":[
      {"role":"user","content":"go"},
      {"type":"message","role":"assistant","content":"A"},
      {"type":"message","role":"assistant","content":[{"type":"output_text","text":"B"}]},
      {"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},
      {"type":"function_call","call_id":"c2","name":"f"},
      {"type":"function_call_output","call_id":"c2","output":"two"},
      {"type":"function_call_output","call_id":"c1","output":"one"},
      {"type":"function_call","call_id":"c3","name":"f","arguments":"{\"n\":3}"},
      {"type":"function_call_output","call_id":"c3","output":"three"},
      {"type":"reasoning","summary":[]},
      {"type":"message","role":"assistant","content":"Done."}]})");
    BOOST_TEST(gt::canonical(r) ==
               R"({"model":"","stream":false,"messages":[)"
               R"({"role":"user","content":[{"type":"text","text":"go"}]},)"
               R"({"role":"assistant","content":[{"type":"text","text":"A"},{"type":"text","text":"B"}],"tool_calls":[)"
               R"({"id":"c1","name":"f","arguments":"{}"},{"id":"c2","name":"f","arguments":"{}"}]},)"
               R"({"role":"tool","content":[{"type":"text","text":"two"}],"tool_call_id":"c2","name":"f"},)"
               R"({"role":"tool","content":[{"type":"text","text":"one"}],"tool_call_id":"c1","name":"f"},)"
               R"({"role":"assistant","content":[],"tool_calls":[{"id":"c3","name":"f","arguments":"{\"n\":3}"}]},)"
               R"({"role":"tool","content":[{"type":"text","text":"three"}],"tool_call_id":"c3","name":"f"},)"
               R"({"role":"assistant","content":[{"type":"text","text":"Done."}]}]})");
}

BOOST_AUTO_TEST_CASE(tool_choice_forms) {
    const auto choice = [](std::string_view choice) {
        return parse(
                   R"({"input":"x","tools":[{"type":"function","name":"f"},{"type":"custom","name":"c"},)"
                   R"({"type":"namespace","name":"ns","tools":[{"type":"function","name":"g"}]},{"type":"web_search"}],)"
                   R"("tool_choice":)" +
                   std::string(choice) + "}")
            .chat.tool_choice;
    };
    BOOST_TEST(choice(R"("auto")") == "auto");
    BOOST_TEST(choice(R"("none")") == "none");
    BOOST_TEST(choice(R"("required")") == "required");
    BOOST_TEST(choice("null") == "");
    BOOST_TEST(choice(R"({"type":"function","name":"f"})") == "f");
    BOOST_TEST(choice(R"({"type":"function","name":"g"})") == "ns__g"); // offered flat
    BOOST_TEST(choice(R"({"type":"custom","name":"c"})") == "c");
    BOOST_TEST(choice(R"({"type":"allowed_tools","mode":"required","tools":[{"type":"function","name":"f"}]})") ==
               "required");
    BOOST_TEST(choice(R"({"type":"allowed_tools","tools":[]})") == "auto");
    BOOST_TEST(choice(R"({"type":"web_search"})") == "auto"); // a hosted tool that was left out
    BOOST_TEST(parse(R"({"input":"x"})").chat.tool_choice == "");
}

BOOST_AUTO_TEST_CASE(text_formats_and_reasoning_efforts) {
    const std::string head =
        R"({"model":"","stream":false,"messages":[{"role":"user","content":[{"type":"text","text":"x"}]}])";
    BOOST_TEST(gt::canonical(parse(R"({"input":"x","text":{"format":{"type":"json_object"}}})")) ==
               head + R"(,"response_format":{"type":"json_object"}})");
    BOOST_TEST(
        gt::canonical(parse(R"({"input":"x","text":{"format":{"type":"json_schema","schema":{"type":"object"}}}})")) ==
        head + R"(,"response_format":{"type":"json_schema","name":"","schema":{"type":"object"},"strict":false}})");
    BOOST_TEST(gt::canonical(parse(R"({"input":"x","text":{"format":{"type":"text"},"verbosity":"low"}})")) ==
               head + "}");
    BOOST_TEST(gt::canonical(parse(R"({"input":"x","text":{}})")) == head + "}");

    BOOST_TEST(gt::canonical(parse(R"({"input":"x","reasoning":{"effort":"xhigh"}})")) ==
               head + R"(,"reasoning":{"effort":"high"}})");
    BOOST_TEST(gt::canonical(parse(R"({"input":"x","reasoning":{"effort":"low"}})")) ==
               head + R"(,"reasoning":{"effort":"low"}})");
    BOOST_TEST(gt::canonical(parse(R"({"input":"x","reasoning":{"effort":"minimal"}})")) ==
               head + R"(,"reasoning":{"effort":"minimal"}})");
    BOOST_TEST(gt::canonical(parse(R"({"input":"x","reasoning":{"summary":"auto"}})")) == head + "}");

    BOOST_TEST(gt::canonical(parse(R"({"input":"x","max_output_tokens":64,"stop":"END","temperature":1})")) ==
               head + R"(,"temperature":1,"max_tokens":64,"stop":["END"]})");
    BOOST_TEST(gt::canonical(parse(R"({"input":"x","stop":["A","B"],"max_output_tokens":1.0})")) ==
               head + R"(,"max_tokens":1,"stop":["A","B"]})");
}

BOOST_AUTO_TEST_CASE(the_session_is_the_cache_key_else_the_user_else_metadata_user_id) {
    BOOST_TEST(parse(R"({"input":"x","prompt_cache_key":"k","user":"u","metadata":{"user_id":"m"}})").session == "k");
    BOOST_TEST(parse(R"({"input":"x","user":"u","metadata":{"user_id":"m"}})").session == "u");
    BOOST_TEST(parse(R"({"input":"x","metadata":{"user_id":"m"}})").session == "m");
    BOOST_TEST(parse(R"({"input":"x","metadata":{"other":"m"}})").session == "");
    BOOST_TEST(parse(R"({"input":"x"})").session == "");
}

BOOST_AUTO_TEST_CASE(request_2_fields_and_what_the_face_does_not_read) {
    rf::ResponseStore store(8, 1h);
    const auto r = rf::parse_responses_request(
        R"({"model":"m","input":"x","top_p":0.5,"parallel_tool_calls":false,"service_tier":"flex",)"
        R"("prompt_cache_key":"pck","safety_identifier":"sid","truncation":"auto","metadata":{"k":"v"},)"
        R"("store":false,"include":[],"stream":true,"stream_options":{"include_obfuscation":false}})",
        store, "responses=v1");
    BOOST_TEST(gt::canonical(r) ==
               R"({"model":"m","stream":true,"messages":[{"role":"user","content":[{"type":"text","text":"x"}]}],)"
               R"("top_p":0.5,"parallel_tool_calls":false,"user":"sid","service_tier":"flex","prompt_cache_key":"pck",)"
               R"("extension":{"protocol":"openai-responses","fields":{"safety_identifier":"sid","truncation":"auto",)"
               R"("metadata":{"k":"v"},"stream_options":{"include_obfuscation":false}},)"
               R"("headers":[["OpenAI-Beta","responses=v1"]]}})");
    // `user` names the user when both are there; safety_identifier still travels as it came.
    const auto both = parse(R"({"input":"x","user":"u","safety_identifier":"sid"})");
    BOOST_TEST(both.chat.user == "u");
    BOOST_TEST(both.chat.extension.fields == R"({"safety_identifier":"sid"})");
    BOOST_TEST(both.session == "u");
    // Only what the face does not read: nothing here.
    BOOST_TEST(parse(R"({"model":"m","input":"x","user":"u","temperature":1})").chat.extension.empty());
    BOOST_TEST(parse_error(R"({"input":"x","parallel_tool_calls":"no"})").param == "parallel_tool_calls");
}

BOOST_AUTO_TEST_CASE(store_defaults_to_true) {
    BOOST_TEST(state_of(parse(R"({"input":"x"})"))->store);
    BOOST_TEST(state_of(parse(R"({"input":"x","store":true})"))->store);
    BOOST_TEST(!state_of(parse(R"({"input":"x","store":false})"))->store);
    // What is kept is what the model was shown, without this turn's instructions.
    const auto r = parse(R"({"input":"x","instructions":"Be terse."})");
    BOOST_TEST(r.chat.messages.size() == 2u);
    BOOST_REQUIRE(state_of(r)->conversation);
    BOOST_TEST(state_of(r)->conversation->size() == 1u);
    BOOST_TEST(state_of(r)->conversation->front().text() == "x");
}

BOOST_AUTO_TEST_CASE(codex_cli_requests_parse) {
    // Codex CLI 0.169.0, recorded (ids replaced): a plain prompt and a tool round trip.
    const auto first = parse(agents_fixture("codex-first-request.json"));
    BOOST_TEST(first.stream);
    BOOST_TEST(first.chat.model == "mock/echo");
    BOOST_TEST(first.session == "00000000-0000-4000-8000-000000000005");
    BOOST_TEST(note(first, "X-Llmhost-Tools-Left-Out") == "web_search");
    std::string tools;
    for (const auto& t : first.chat.tools)
        tools += t.name + " ";
    BOOST_TEST(tools == "exec_command write_stdin request_user_input view_image multi_agent_v1__close_agent "
                        "multi_agent_v1__resume_agent multi_agent_v1__send_input multi_agent_v1__spawn_agent "
                        "multi_agent_v1__wait_agent get_goal create_goal update_goal ");
    const auto state = state_of(first);
    BOOST_TEST(!state->store);
    BOOST_TEST(state->custom_tools.empty());
    BOOST_TEST(state->namespaced.size() == 5u);
    BOOST_TEST(state->namespaced.at("multi_agent_v1__spawn_agent").first == "multi_agent_v1");
    BOOST_TEST(state->namespaced.at("multi_agent_v1__spawn_agent").second == "spawn_agent");
    BOOST_TEST(first.chat.tool_choice == "auto");
    BOOST_TEST(!first.chat.reasoning); // {"summary":"auto"} asks for no effort
    BOOST_REQUIRE(first.chat.messages.size() == 4u);
    BOOST_TEST((first.chat.messages[0].role == Role::system)); // developer
    BOOST_TEST((first.chat.messages[1].role == Role::system));
    BOOST_TEST((first.chat.messages[2].role == Role::user));
    BOOST_TEST(canonical(first.chat.messages[3]) == R"({"role":"user","content":[{"type":"text","text":"say hi"}]})");

    const auto second = parse(agents_fixture("codex-tool-result-request.json"));
    BOOST_TEST(note(second, "X-Llmhost-Tools-Left-Out") == "web_search");
    BOOST_TEST(second.chat.tools.size() == 12u);
    const auto& messages = second.chat.messages;
    BOOST_REQUIRE(messages.size() == 6u);
    BOOST_TEST(canonical(messages[3]) ==
               R"({"role":"user","content":[{"type":"text","text":"Print the secret word from hello.txt"}]})");
    BOOST_TEST(
        canonical(messages[4]) ==
        R"({"role":"assistant","content":[],"tool_calls":[{"id":"call_000000000000000000000001","name":"exec_command",)"
        R"("arguments":"{\"cmd\":\"cat /tmp/agents/work/hello.txt\",\"workdir\":\"/tmp/agents/work\"}"}]})");
    BOOST_TEST(
        canonical(messages[5]) ==
        R"({"role":"tool","content":[{"type":"text","text":"Chunk ID: ab0443\nWall time: 0.0056 seconds\n)"
        R"(Process exited with code 0\nOriginal token count: 15\nOutput:\nHello from hello.txt )"
        "\u2014"
        R"( the secret word is PINEAPPLE-42.\n"}],"tool_call_id":"call_000000000000000000000001","name":"exec_command"})");
}

BOOST_AUTO_TEST_CASE(malformed_requests_are_400s_naming_the_field) {
    BOOST_TEST(parse_error("{not json").message.find("not valid JSON") != std::string::npos);
    BOOST_TEST(parse_error("[1]").message == "the request body must be a JSON object");
    BOOST_TEST(parse_error("null").message == "the request body must be a JSON object");
    BOOST_TEST((parse_error("{}").kind == ErrorKind::invalid_request));
    BOOST_TEST(parse_error("{}").param == "input");
    BOOST_TEST(parse_error(R"({"model":"m"})").message == "'input' is required");
    BOOST_TEST(parse_error(R"({"input":null})").param == "input");
    BOOST_TEST(parse_error(R"({"input":[]})").message == "'input' must not be empty");
    BOOST_TEST(parse_error(R"({"input":5})").param == "input");
    BOOST_TEST(parse_error(R"({"input":{"role":"user","content":"x"}})").param == "input");

    // Items.
    BOOST_TEST(parse_error(R"({"input":["hi"]})").param == "input[0]");
    BOOST_TEST(parse_error(R"({"input":[null]})").param == "input[0]");
    BOOST_TEST(parse_error(R"({"input":["x",[]]})").param == "input[0]");
    BOOST_TEST(parse_error(R"({"input":[{"role":"user","content":"x"},[]]})").param == "input[1]");
    BOOST_TEST(parse_error(R"({"input":[{"type":5,"role":"user","content":"x"}]})").param == "input[0].type");
    const auto unknown = parse_error(R"({"input":[{"type":"web_search_call","id":"ws_1"}]})");
    BOOST_TEST(unknown.param == "input[0].type");
    BOOST_TEST(unknown.message.starts_with("input item type \"web_search_call\" is not supported (message, "));
    BOOST_TEST(parse_error(R"({"input":[{"type":"message","content":"x"}]})").param == "input[0].role");
    BOOST_TEST(parse_error(R"({"input":[{"role":"tool","content":"x"}]})").param == "input[0].role");
    BOOST_TEST(parse_error(R"({"input":[{"role":7,"content":"x"}]})").param == "input[0].role");
    BOOST_TEST(parse_error(R"({"input":[{"role":"user"}]})").param == "input[0].content");
    BOOST_TEST(parse_error(R"({"input":[{"role":"user","content":5}]})").param == "input[0].content");
    BOOST_TEST(parse_error(R"({"input":[{"role":"user","content":{"type":"input_text"}}]})").param ==
               "input[0].content");

    // Content parts.
    BOOST_TEST(parse_error(R"({"input":[{"role":"user","content":["x"]}]})").param == "input[0].content[0]");
    BOOST_TEST(parse_error(R"({"input":[{"role":"user","content":[{"text":"x"}]}]})").param ==
               "input[0].content[0].type");
    const auto part = parse_error(R"({"input":[{"role":"user","content":[{"type":"input_file","file_id":"f"}]}]})");
    BOOST_TEST(part.param == "input[0].content[0].type");
    BOOST_TEST(
        part.message ==
        "content part type \"input_file\" is not supported (input_text, input_image, output_text and refusal are)");
    BOOST_TEST(parse_error(R"({"input":[{"role":"user","content":[{"type":"input_text"}]}]})").param ==
               "input[0].content[0].text");
    BOOST_TEST(parse_error(R"({"input":[{"role":"user","content":[{"type":"input_text","text":1}]}]})").param ==
               "input[0].content[0].text");
    BOOST_TEST(parse_error(R"({"input":[{"role":"assistant","content":[{"type":"refusal","text":"no"}]}]})").param ==
               "input[0].content[0].refusal");
    BOOST_TEST(parse_error(R"({"input":[{"role":"user","content":[{"type":"input_image"}]}]})").param ==
               "input[0].content[0].image_url");
    BOOST_TEST(
        parse_error(R"({"input":[{"role":"user","content":[{"type":"input_image","file_id":"file_1"}]}]})").param ==
        "input[0].content[0].file_id");
    BOOST_TEST(
        parse_error(R"({"input":[{"role":"user","content":[{"type":"input_image","image_url":{"url":"https://x"}}]}]})")
            .param == "input[0].content[0].image_url");
    BOOST_TEST(
        parse_error(R"({"input":[{"role":"user","content":[{"type":"input_image","image_url":"ftp://x/y.png"}]}]})")
            .param == "input[0].content[0].image_url");
    BOOST_TEST(
        parse_error(R"({"input":[{"role":"user","content":[{"type":"input_image","image_url":"data:image/png,xx"}]}]})")
            .param == "input[0].content[0].image_url");

    // Calls and their outputs.
    BOOST_TEST(parse_error(R"({"input":[{"type":"function_call","name":"f"}]})").param == "input[0].call_id");
    BOOST_TEST(parse_error(R"({"input":[{"type":"function_call","call_id":"c"}]})").param == "input[0].name");
    BOOST_TEST(parse_error(R"({"input":[{"type":"function_call","call_id":"c","name":"f","arguments":5}]})").param ==
               "input[0].arguments");
    BOOST_TEST(parse_error(R"({"input":[{"type":"function_call","call_id":"c","name":"f","namespace":5}]})").param ==
               "input[0].namespace");
    BOOST_TEST(parse_error(R"({"input":[{"type":"custom_tool_call","call_id":"c","name":"t"}]})").param ==
               "input[0].input");
    BOOST_TEST(parse_error(R"({"input":[{"type":"custom_tool_call","call_id":"c","name":"t","input":{}}]})").param ==
               "input[0].input");
    const auto orphan = parse_error(R"({"input":[{"type":"function_call_output","call_id":"call_9","output":"x"}]})");
    BOOST_TEST(orphan.param == "input[0].call_id");
    BOOST_TEST(orphan.message == "'input[0].call_id' answers no function_call or custom_tool_call before it (call_9)");
    const std::string call = R"({"type":"function_call","call_id":"c","name":"f"})";
    BOOST_TEST(parse_error(R"({"input":[)" + call + R"(,{"type":"function_call_output","call_id":"d","output":"x"}]})")
                   .param == "input[1].call_id");
    BOOST_TEST(parse_error(R"({"input":[{"type":"custom_tool_call_output","call_id":"c","output":"x"},)" + call + "]}")
                   .param == "input[0].call_id"); // the answer before the call
    BOOST_TEST(parse_error(R"({"input":[)" + call + R"(,{"type":"function_call_output","output":"x"}]})").param ==
               "input[1].call_id");
    BOOST_TEST(parse_error(R"({"input":[)" + call + R"(,{"type":"function_call_output","call_id":"c"}]})").param ==
               "input[1].output");
    BOOST_TEST(
        parse_error(R"({"input":[)" + call + R"(,{"type":"function_call_output","call_id":"c","output":5}]})").param ==
        "input[1].output");
    BOOST_TEST(parse_error(R"({"input":[)" + call + R"(,{"type":"function_call_output","call_id":"c","output":[5]}]})")
                   .param == "input[1].output[0]");
    BOOST_TEST(parse_error(R"({"input":[)" + call +
                           R"(,{"type":"function_call_output","call_id":"c","output":[{"type":"input_file"}]}]})")
                   .param == "input[1].output[0].type");

    // Tools.
    const std::string x = R"({"input":"x",)";
    BOOST_TEST(parse_error(x + R"("tools":{}})").param == "tools");
    BOOST_TEST(parse_error(x + R"("tools":["web_search"]})").param == "tools[0]");
    BOOST_TEST(parse_error(x + R"("tools":[{"name":"f"}]})").param == "tools[0].type");
    BOOST_TEST(parse_error(x + R"("tools":[{"type":"function","name":"f"},{"type":"function"}]})").param ==
               "tools[1].name");
    BOOST_TEST(parse_error(x + R"("tools":[{"type":"function","name":"f","parameters":"{}"}]})").param ==
               "tools[0].parameters");
    BOOST_TEST(parse_error(x + R"("tools":[{"type":"function","name":"f","description":5}]})").param ==
               "tools[0].description");
    BOOST_TEST(parse_error(x + R"("tools":[{"type":"custom"}]})").param == "tools[0].name");
    BOOST_TEST(parse_error(x + R"("tools":[{"type":"custom","name":"c","format":"lark"}]})").param ==
               "tools[0].format");
    BOOST_TEST(
        parse_error(x + R"("tools":[{"type":"custom","name":"c","format":{"type":"grammar","syntax":1}}]})").param ==
        "tools[0].format.syntax");
    BOOST_TEST(parse_error(x + R"("tools":[{"type":"namespace","tools":[]}]})").param == "tools[0].name");
    BOOST_TEST(parse_error(x + R"("tools":[{"type":"namespace","name":"ns","tools":{}}]})").param == "tools[0].tools");
    BOOST_TEST(parse_error(x + R"("tools":[{"type":"namespace","name":"ns","tools":[5]}]})").param ==
               "tools[0].tools[0]");
    BOOST_TEST(parse_error(x + R"("tools":[{"type":"namespace","name":"ns","tools":[{"type":"function"}]}]})").param ==
               "tools[0].tools[0].name");
    BOOST_TEST(parse_error(x + R"("tools":[{"type":"namespace","name":"ns","tools":[{"name":"f","parameters":[]}]}]})")
                   .param == "tools[0].tools[0].parameters");

    // Everything else.
    BOOST_TEST(parse_error(x + R"("model":7})").param == "model");
    BOOST_TEST(parse_error(x + R"("instructions":["a"]})").param == "instructions");
    BOOST_TEST(parse_error(x + R"("tool_choice":"maybe"})").param == "tool_choice");
    BOOST_TEST(parse_error(x + R"("tool_choice":5})").param == "tool_choice");
    BOOST_TEST(parse_error(x + R"("tool_choice":{"name":"f"}})").param == "tool_choice.type");
    BOOST_TEST(parse_error(x + R"("tool_choice":{"type":"function"}})").param == "tool_choice.name");
    BOOST_TEST(parse_error(x + R"("tool_choice":{"type":"allowed_tools","mode":1}})").param == "tool_choice.mode");
    BOOST_TEST(parse_error(x + R"("text":"json"})").param == "text");
    BOOST_TEST(parse_error(x + R"("text":{"format":"json"}})").param == "text.format");
    BOOST_TEST(parse_error(x + R"("text":{"format":{}}})").param == "text.format.type");
    BOOST_TEST(parse_error(x + R"("text":{"format":{"type":"yaml"}}})").param == "text.format.type");
    BOOST_TEST(parse_error(x + R"("text":{"format":{"type":"json_schema","name":1}}})").param == "text.format.name");
    BOOST_TEST(parse_error(x + R"("text":{"format":{"type":"json_schema","schema":true}}})").param ==
               "text.format.schema");
    BOOST_TEST(parse_error(x + R"("text":{"format":{"type":"json_schema","strict":"yes"}}})").param ==
               "text.format.strict");
    BOOST_TEST(parse_error(x + R"("reasoning":"high"})").param == "reasoning");
    BOOST_TEST(parse_error(x + R"("reasoning":{"effort":3}})").param == "reasoning.effort");
    BOOST_TEST(parse_error(x + R"("temperature":"hot"})").param == "temperature");
    BOOST_TEST(parse_error(x + R"("top_p":"x"})").param == "top_p");
    BOOST_TEST(parse_error(x + R"("max_output_tokens":0})").param == "max_output_tokens");
    BOOST_TEST(parse_error(x + R"("max_output_tokens":1.5})").param == "max_output_tokens");
    BOOST_TEST(parse_error(x + R"("max_output_tokens":"9"})").param == "max_output_tokens");
    BOOST_TEST(parse_error(x + R"("stop":5})").param == "stop");
    BOOST_TEST(parse_error(x + R"("stop":["a",5]})").param == "stop[1]");
    BOOST_TEST(parse_error(x + R"("stream":"yes"})").param == "stream");
    BOOST_TEST(parse_error(x + R"("store":"no"})").param == "store");
    BOOST_TEST(parse_error(x + R"("prompt_cache_key":5})").param == "prompt_cache_key");
    BOOST_TEST(parse_error(x + R"("user":5})").param == "user");
    BOOST_TEST(parse_error(x + R"("metadata":"m"})").param == "metadata");
    BOOST_TEST(parse_error(x + R"("metadata":{"user_id":5}})").param == "metadata.user_id");
    BOOST_TEST(parse_error(x + R"("previous_response_id":5})").param == "previous_response_id");
    const auto unknown_previous = parse_error(x + R"("previous_response_id":"resp_nope"})");
    BOOST_TEST(unknown_previous.param == "previous_response_id");
    BOOST_TEST(unknown_previous.message ==
               "previous response 'resp_nope' is not stored here (unknown, expired, or created with store: false)");
}

namespace {

// Where a value sits in a document: member names and array indexes.
using Step = std::variant<std::string, size_t>;

void collect_paths(const boost::json::value& v, std::vector<Step>& at, std::vector<std::vector<Step>>& out) {
    if (v.is_object())
        for (const auto& [key, member] : v.get_object()) {
            at.emplace_back(std::string(key));
            out.push_back(at);
            collect_paths(member, at, out);
            at.pop_back();
        }
    if (v.is_array())
        for (size_t i = 0; i < v.get_array().size(); ++i) {
            at.emplace_back(i);
            out.push_back(at);
            collect_paths(v.get_array()[i], at, out);
            at.pop_back();
        }
}

boost::json::value& at_path(boost::json::value& v, const std::vector<Step>& path) {
    boost::json::value* p = &v;
    for (const auto& step : path)
        p = std::holds_alternative<size_t>(step) ? &p->as_array().at(std::get<size_t>(step))
                                                 : &p->as_object().at(std::get<std::string>(step));
    return *p;
}

// The path as the face names it: input[3].content.
std::string spelled(const std::vector<Step>& path) {
    std::string out;
    for (const auto& step : path)
        if (std::holds_alternative<size_t>(step))
            out += "[" + std::to_string(std::get<size_t>(step)) + "]";
        else
            out += (out.empty() ? "" : ".") + std::get<std::string>(step);
    return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_wrong_type_anywhere_is_a_400_never_a_crash) {
    const boost::json::value doc = boost::json::parse(full_request);
    std::vector<Step> at;
    std::vector<std::vector<Step>> paths;
    collect_paths(doc, at, paths);
    const boost::json::value replacements[] = {
        5, 1.5, "s", true, boost::json::array(), boost::json::object(), boost::json::array{5}, nullptr};
    for (const auto& path : paths)
        for (const auto& replacement : replacements) {
            boost::json::value changed = doc;
            at_path(changed, path) = replacement;
            const std::string body = boost::json::serialize(changed);
            try {
                parse(body);
            } catch (const GatewayException& e) {
                // The param names the value, or what it left wrong: an item without its type
                // is a message (and lacks a role), a call with another id leaves its output
                // answering nothing.
                const std::string& param = e.error().param;
                BOOST_TEST((e.error().kind == ErrorKind::invalid_request));
                BOOST_TEST(
                    (param.starts_with(spelled(path)) || param.ends_with(".role") || param.ends_with(".call_id")),
                    spelled(path) << " = " << replacement << ": " << param);
            } catch (const std::exception& e) {
                BOOST_ERROR(spelled(path) << " = " << replacement << ": " << e.what());
            }
        }
}

BOOST_AUTO_TEST_CASE(a_cut_off_body_is_a_400_never_a_crash) {
    for (size_t n = 0; n < full_request.size(); ++n)
        BOOST_TEST(parse_error(std::string_view(full_request).substr(0, n))
                       .message.starts_with("the request body is not valid JSON"));
}

// ---- previous_response_id and the store ---------------------------------------------------

namespace {

const std::string tools_json =
    R"([{"type":"function","name":"read","parameters":{"type":"object"}},{"type":"custom","name":"apply_patch"},)"
    R"({"type":"namespace","name":"ns","tools":[{"type":"function","name":"f"}]}])";

ChatResponse text_and_calls() {
    ChatResponse r;
    r.text = "Checking.";
    r.reasoning = "thought"; // not carried over (the canonical model cannot yet carry its state)
    r.tool_calls = {{"call_a", "read", R"({"path":"a.txt"})"},
                    {"call_b", "apply_patch", R"({"input":"*** Begin Patch\n*** End Patch"})"},
                    {"call_c", "ns__f", "{}"}};
    r.finish_reason = LLMH_FINISH_TOOL_CALLS;
    return r;
}

const std::string answers =
    R"([{"type":"function_call_output","call_id":"call_a","output":"A"},)"
    R"({"type":"custom_tool_call_output","call_id":"call_b","output":"patched"},)"
    R"({"type":"function_call_output","call_id":"call_c","output":"F"},{"role":"user","content":"Next?"}])";

const std::string continued_messages =
    R"({"role":"user","content":[{"type":"text","text":"What is in a.txt?"}]},)"
    R"({"role":"assistant","reasoning":[{"text":"thought"}],"content":[{"type":"text","text":"Checking."}],"tool_calls":[)"
    R"({"id":"call_a","name":"read","arguments":"{\"path\":\"a.txt\"}"},)"
    R"({"id":"call_b","name":"apply_patch","arguments":"{\"input\":\"*** Begin Patch\\n*** End Patch\"}"},)"
    R"({"id":"call_c","name":"ns__f","arguments":"{}"}]},)"
    R"({"role":"tool","content":[{"type":"text","text":"A"}],"tool_call_id":"call_a","name":"read"},)"
    R"({"role":"tool","content":[{"type":"text","text":"patched"}],"tool_call_id":"call_b","name":"apply_patch"},)"
    R"({"role":"tool","content":[{"type":"text","text":"F"}],"tool_call_id":"call_c","name":"ns__f"},)"
    R"({"role":"user","content":[{"type":"text","text":"Next?"}]})";

} // namespace

BOOST_AUTO_TEST_CASE(previous_response_id_continues_a_stored_whole_response) {
    rf::ResponseStore store(8, 1h);
    const auto first = rf::parse_responses_request(
        R"({"model":"m","instructions":"Be terse.","input":"What is in a.txt?","tools":)" + tools_json + "}", store);
    const std::string json = rf::render_response(*state_of(first), text_and_calls(), {"resp_prev", "m", 1}, &store);
    BOOST_TEST(store.size() == 1u);
    const auto stored = store.find("resp_prev");
    BOOST_REQUIRE(stored);
    BOOST_TEST(stored->json == json);

    const auto second = rf::parse_responses_request(R"({"model":"m","previous_response_id":"resp_prev","tools":)" +
                                                        tools_json + R"(,"input":)" + answers + "}",
                                                    store);
    // The instructions led the first turn only.
    BOOST_TEST(
        gt::canonical(second) ==
        R"({"model":"m","stream":false,"messages":[)" + continued_messages + "]," +
            R"("tools":[{"name":"read","description":"","parameters":{"type":"object"}},)"
            R"({"name":"apply_patch","type":"custom","description":"","parameters":{"type":"object","properties":{"input":{"type":"string",)"
            R"("description":"The tool's whole input, as raw text (not JSON)."}},"required":["input"],"additionalProperties":false}},)"
            R"({"name":"ns__f","description":"","parameters":{"type":"object","properties":{}}}]})");
    BOOST_TEST(state_of(second)->previous_response_id == "resp_prev");
    BOOST_TEST(state_of(second)->conversation->size() == 6u); // kept for a third turn

    // The third turn sees both.
    rf::render_response(
        *state_of(second),
        [] {
            ChatResponse r;
            r.text = "Done.";
            return r;
        }(),
        {"resp_second", "m", 2}, &store);
    const auto third = rf::parse_responses_request(R"({"previous_response_id":"resp_second","input":"Bye"})", store);
    BOOST_TEST(third.chat.messages.size() == 8u);
    BOOST_TEST(canonical(third.chat.messages[6]) ==
               R"({"role":"assistant","content":[{"type":"text","text":"Done."}]})");
    BOOST_TEST(canonical(third.chat.messages[7]) == R"({"role":"user","content":[{"type":"text","text":"Bye"}]})");
}

BOOST_AUTO_TEST_CASE(previous_response_id_continues_a_stored_stream) {
    rf::ResponseStore store(8, 1h);
    const auto first = rf::parse_responses_request(
        R"({"model":"m","stream":true,"input":"What is in a.txt?","tools":)" + tools_json + "}", store);
    auto encoder = rf::make_stream_encoder(state_of(first), {"resp_prev", "m", 1}, &store);
    gt::encode(*encoder, {gt::reasoning("thought"), gt::text("Checking."), gt::tool_start(0, "call_a", "read"),
                          gt::tool_delta(0, R"({"path":)"), gt::tool_delta(0, R"("a.txt"})"),
                          gt::tool_start(1, "call_b", "apply_patch"), gt::tool_delta(1, R"({"input":"*** Begin)"),
                          gt::tool_delta(1, R"( Patch\n*** End Patch"})"), gt::tool_start(2, "call_c", "ns__f"),
                          gt::tool_delta(2, "{}"), gt::finish(LLMH_FINISH_TOOL_CALLS)});
    BOOST_TEST(store.size() == 1u);
    const auto second = rf::parse_responses_request(
        R"({"model":"m","previous_response_id":"resp_prev","input":)" + answers + "}", store);
    BOOST_TEST(gt::canonical(second) == R"({"model":"m","stream":false,"messages":[)" + continued_messages + "]}");
}

BOOST_AUTO_TEST_CASE(with_store_false_nothing_is_stored) {
    rf::ResponseStore store(8, 1h);
    const auto whole = rf::parse_responses_request(R"({"input":"x","store":false})", store);
    rf::render_response(*state_of(whole), text_and_calls(), {"resp_a", "m", 1}, &store);
    auto encoder = rf::make_stream_encoder(state_of(whole), {"resp_b", "m", 1}, &store);
    gt::encode(*encoder, {gt::text("hi"), gt::finish(LLMH_FINISH_STOP)});
    BOOST_TEST(store.size() == 0u);
    BOOST_TEST(parse_error(R"({"input":"x","previous_response_id":"resp_a"})", &store).param == "previous_response_id");

    // A failed stream is not stored either.
    const auto kept = rf::parse_responses_request(R"({"input":"x"})", store);
    auto failing = rf::make_stream_encoder(state_of(kept), {"resp_c", "m", 1}, &store);
    std::string out;
    failing->event(gt::text("hi"), out);
    failing->fail({ErrorKind::upstream, "cut", {}, "network", -1}, out);
    BOOST_TEST(store.size() == 0u);
    // Nor is anything without a store.
    rf::render_response(*state_of(kept), text_and_calls(), {"resp_d", "m", 1}, nullptr);
    BOOST_TEST(store.size() == 0u);
}

BOOST_AUTO_TEST_CASE(the_store_evicts_the_oldest_and_expires_by_age) {
    using Clock = rf::ResponseStore::Clock;
    const Clock::time_point t0 = Clock::time_point() + 1h;
    rf::ResponseStore store(2, 10s);
    store.put("a", {"A", nullptr}, t0);
    store.put("b", {"B", nullptr}, t0 + 1s);
    store.put("c", {"C", nullptr}, t0 + 2s);
    BOOST_TEST(store.size() == 2u);
    BOOST_TEST(!store.find("a", t0 + 2s));
    BOOST_TEST(store.find("b", t0 + 2s)->json == "B");
    BOOST_TEST(store.find("c", t0 + 2s)->json == "C");
    // Storing an id again replaces it and makes it the newest.
    store.put("b", {"B2", nullptr}, t0 + 3s);
    store.put("d", {"D", nullptr}, t0 + 4s);
    BOOST_TEST(store.size() == 2u);
    BOOST_TEST(!store.find("c", t0 + 4s));
    BOOST_TEST(store.find("b", t0 + 4s)->json == "B2");
    BOOST_TEST(store.find("d", t0 + 4s)->json == "D");

    rf::ResponseStore aging(10, 10s);
    aging.put("a", {"A", nullptr}, t0);
    aging.put("b", {"B", nullptr}, t0 + 5s);
    BOOST_TEST(aging.find("a", t0 + 9999ms)->json == "A");
    BOOST_TEST(!aging.find("a", t0 + 10s));
    BOOST_TEST(aging.size() == 1u);
    BOOST_TEST(aging.find("b", t0 + 14s)->json == "B");
    BOOST_TEST(!aging.find("b", t0 + 15s));
    BOOST_TEST(aging.size() == 0u);
    aging.put("c", {"C", nullptr}, t0 + 20s);
    BOOST_TEST(aging.size() == 1u);

    rf::ResponseStore none(0, 10s); // storing switched off
    none.put("a", {"A", nullptr}, t0);
    BOOST_TEST(none.size() == 0u);
    BOOST_TEST(!none.find("a", t0));
}

// ---- the stream ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_text_stream) {
    const std::string message =
        R"({"id":"msg_1","type":"message","status":"completed","role":"assistant",)"
        R"("content":[{"type":"output_text","text":"Hello \"you\"","annotations":[],"logprobs":[]}]})";
    const std::string at = R"(,"item_id":"msg_1","output_index":0,"content_index":0)";
    BOOST_TEST(
        encode(R"({"model":"m","input":"hi","store":false})",
               {gt::start("up-1", "gpt-x"), gt::text("Hel"), gt::text(""), gt::text("lo \"you\""), usage(10, 5, 3, 2),
                gt::finish(LLMH_FINISH_STOP)}) ==
        started({.model = "gpt-x"}) +
            sse("response.output_item.added", 2,
                R"(,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]})") +
            sse("response.content_part.added", 3, at + R"(,"part":{"type":"output_text","text":"","annotations":[]})") +
            sse("response.output_text.delta", 4, at + R"(,"delta":"Hel","logprobs":[])") +
            sse("response.output_text.delta", 5, at + R"(,"delta":"lo \"you\"","logprobs":[])") +
            sse("response.output_text.done", 6, at + R"(,"logprobs":[],"text":"Hello \"you\"")") +
            sse("response.content_part.done", 7,
                at + R"(,"part":{"type":"output_text","text":"Hello \"you\"","annotations":[]})") +
            sse("response.output_item.done", 8, R"(,"output_index":0,"item":)" + message) +
            sse("response.completed", 9,
                ",\"response\":" +
                    response_object(
                        "completed", "[" + message + "]",
                        R"({"input_tokens":10,"input_tokens_details":{"cached_tokens":3},"output_tokens":5,"output_tokens_details":{"reasoning_tokens":2},"total_tokens":15})",
                        {.model = "gpt-x"})));
}

BOOST_AUTO_TEST_CASE(state_events_write_nothing_until_content_flows) {
    auto encoder = rf::make_stream_encoder(state_of(parse(R"({"input":"x"})")), identity, nullptr);
    std::string out;
    encoder->event(gt::start("up", "gpt-x"), out);
    encoder->event(gt::usage(1, 1), out);
    encoder->event(gt::text(""), out);
    encoder->event(gt::reasoning(""), out);
    encoder->event(gt::tool_delta(0, ""), out);
    BOOST_TEST(out.empty());
    encoder->event(gt::text("a"), out);
    encoder->event(gt::text("b"), out);
    BOOST_TEST(encoder->deltas() == 2u);
    BOOST_TEST(encoder->output_tokens() == 1);
}

BOOST_AUTO_TEST_CASE(reasoning_then_a_function_call) {
    const std::string reasoning =
        R"({"id":"rs_1","type":"reasoning","summary":[{"type":"summary_text","text":"Thinking."}]})";
    const std::string call = R"({"id":"fc_1","type":"function_call","status":"completed","call_id":"call_a",)"
                             R"("name":"get_weather","arguments":"{\"city\":\"Paris\"}"})";
    const std::string rs = R"(,"item_id":"rs_1","output_index":0,"summary_index":0)";
    const std::string fc = R"(,"item_id":"fc_1","output_index":1)";
    const std::string tools = R"(,"tools":[{"type":"function","name":"get_weather"}])";
    BOOST_TEST(
        encode(R"({"input":"x","store":false)" + tools + "}",
               {gt::reasoning("Think"), gt::reasoning("ing."), gt::tool_start(0, "call_a", "get_weather"),
                gt::tool_delta(0, R"({"city":)"), gt::tool_delta(0, ""), gt::tool_delta(0, R"("Paris"})"),
                usage(7, 20, -1, 12), gt::finish(LLMH_FINISH_TOOL_CALLS)}) ==
        started({.echo = tools}) +
            sse("response.output_item.added", 2,
                R"(,"output_index":0,"item":{"id":"rs_1","type":"reasoning","summary":[]})") +
            sse("response.reasoning_summary_part.added", 3, rs + R"(,"part":{"type":"summary_text","text":""})") +
            sse("response.reasoning_summary_text.delta", 4, rs + R"(,"delta":"Think")") +
            sse("response.reasoning_summary_text.delta", 5, rs + R"(,"delta":"ing.")") +
            sse("response.reasoning_summary_text.done", 6, rs + R"(,"text":"Thinking.")") +
            sse("response.reasoning_summary_part.done", 7,
                rs + R"(,"part":{"type":"summary_text","text":"Thinking."})") +
            sse("response.output_item.done", 8, R"(,"output_index":0,"item":)" + reasoning) +
            sse("response.output_item.added", 9,
                R"(,"output_index":1,"item":{"id":"fc_1","type":"function_call","status":"in_progress",)"
                R"("call_id":"call_a","name":"get_weather","arguments":""})") +
            sse("response.function_call_arguments.delta", 10, fc + R"(,"delta":"{\"city\":")") +
            sse("response.function_call_arguments.delta", 11, fc + R"(,"delta":"\"Paris\"}")") +
            sse("response.function_call_arguments.done", 12, fc + R"(,"arguments":"{\"city\":\"Paris\"}")") +
            sse("response.output_item.done", 13, R"(,"output_index":1,"item":)" + call) +
            sse("response.completed", 14,
                ",\"response\":" +
                    response_object(
                        "completed", "[" + reasoning + "," + call + "]",
                        R"({"input_tokens":7,"input_tokens_details":{"cached_tokens":0},"output_tokens":20,"output_tokens_details":{"reasoning_tokens":12},"total_tokens":27})",
                        {.echo = tools})));
}

BOOST_AUTO_TEST_CASE(a_custom_tool_call_streams_its_raw_input) {
    const std::string item = R"({"id":"ctc_1","type":"custom_tool_call","status":"completed","call_id":"call_p",)"
                             R"("name":"apply_patch","input":"*** Begin Patch\n*** End Patch"})";
    const std::string at = R"(,"item_id":"ctc_1","output_index":0)";
    const std::string tools = R"(,"tools":[{"type":"custom","name":"apply_patch"}])";
    BOOST_TEST(
        encode(R"({"input":"x","store":false)" + tools + "}",
               {gt::tool_start(0, "call_p", "apply_patch"), gt::tool_delta(0, R"({"input":"*** Begin)"),
                gt::tool_delta(0, R"( Patch\n*** End Patch"})"), gt::finish(LLMH_FINISH_TOOL_CALLS)}) ==
        started({.echo = tools}) +
            sse("response.output_item.added", 2,
                R"(,"output_index":0,"item":{"id":"ctc_1","type":"custom_tool_call","status":"in_progress",)"
                R"("call_id":"call_p","name":"apply_patch","input":""})") +
            sse("response.custom_tool_call_input.delta", 3, at + R"(,"delta":"*** Begin Patch\n*** End Patch")") +
            sse("response.custom_tool_call_input.done", 4, at + R"(,"input":"*** Begin Patch\n*** End Patch")") +
            sse("response.output_item.done", 5, R"(,"output_index":0,"item":)" + item) +
            sse("response.completed", 6,
                ",\"response\":" + response_object("completed", "[" + item + "]", no_usage, {.echo = tools})));
}

BOOST_AUTO_TEST_CASE(a_namespaced_call_comes_back_with_its_namespace) {
    // The second call has no id from the provider: it gets one of its own.
    const std::string first = R"({"id":"fc_1","type":"function_call","status":"completed","call_id":"call_n",)"
                              R"("name":"spawn_agent","namespace":"multi_agent_v1","arguments":"{}"})";
    const std::string second = R"({"id":"fc_2","type":"function_call","status":"completed","call_id":"call_fc_2",)"
                               R"("name":"plain","arguments":"{\"a\":1}"})";
    const std::string tools =
        R"(,"tools":[{"type":"function","name":"plain"},)"
        R"({"type":"namespace","name":"multi_agent_v1","tools":[{"type":"function","name":"spawn_agent"}]}])";
    BOOST_TEST(
        encode(R"({"input":"x","store":false)" + tools + "}",
               {gt::tool_start(0, "call_n", "multi_agent_v1__spawn_agent"), gt::tool_start(1, "", "plain"),
                gt::tool_delta(1, R"({"a":1})"), gt::tool_delta(0, "{}"), gt::finish(LLMH_FINISH_TOOL_CALLS)}) ==
        started({.echo = tools}) +
            sse("response.output_item.added", 2,
                R"(,"output_index":0,"item":{"id":"fc_1","type":"function_call","status":"in_progress","call_id":"call_n",)"
                R"("name":"spawn_agent","namespace":"multi_agent_v1","arguments":""})") +
            sse("response.output_item.added", 3,
                R"(,"output_index":1,"item":{"id":"fc_2","type":"function_call","status":"in_progress",)"
                R"("call_id":"call_fc_2","name":"plain","arguments":""})") +
            sse("response.function_call_arguments.delta", 4,
                R"(,"item_id":"fc_2","output_index":1,"delta":"{\"a\":1}")") +
            sse("response.function_call_arguments.delta", 5, R"(,"item_id":"fc_1","output_index":0,"delta":"{}")") +
            sse("response.function_call_arguments.done", 6, R"(,"item_id":"fc_1","output_index":0,"arguments":"{}")") +
            sse("response.output_item.done", 7, R"(,"output_index":0,"item":)" + first) +
            sse("response.function_call_arguments.done", 8,
                R"(,"item_id":"fc_2","output_index":1,"arguments":"{\"a\":1}")") +
            sse("response.output_item.done", 9, R"(,"output_index":1,"item":)" + second) +
            sse("response.completed", 10,
                ",\"response\":" +
                    response_object("completed", "[" + first + "," + second + "]", no_usage, {.echo = tools})));
}

BOOST_AUTO_TEST_CASE(a_length_finish_leaves_the_response_incomplete) {
    const std::string at = R"(,"item_id":"msg_1","output_index":0,"content_index":0)";
    const auto item = [](std::string_view status) {
        return R"({"id":"msg_1","type":"message","status":")" + std::string(status) +
               R"(","role":"assistant","content":[{"type":"output_text","text":"Partial","annotations":[],"logprobs":[]}]})";
    };
    BOOST_TEST(
        encode(R"({"input":"x","store":false})",
               {gt::text("Partial"), gt::usage(4, 1), gt::finish(LLMH_FINISH_LENGTH)}) ==
        started() +
            sse("response.output_item.added", 2,
                R"(,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]})") +
            sse("response.content_part.added", 3, at + R"(,"part":{"type":"output_text","text":"","annotations":[]})") +
            sse("response.output_text.delta", 4, at + R"(,"delta":"Partial","logprobs":[])") +
            sse("response.output_text.done", 5, at + R"(,"logprobs":[],"text":"Partial")") +
            sse("response.content_part.done", 6,
                at + R"(,"part":{"type":"output_text","text":"Partial","annotations":[]})") +
            sse("response.output_item.done", 7, R"(,"output_index":0,"item":)" + item("completed")) +
            sse("response.incomplete", 8,
                ",\"response\":" +
                    response_object(
                        "incomplete", "[" + item("incomplete") + "]",
                        R"({"input_tokens":4,"input_tokens_details":{"cached_tokens":0},"output_tokens":1,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":5})",
                        {.incomplete = R"({"reason":"max_output_tokens"})"})));

    const std::string filtered = encode(R"({"input":"x","store":false})", {gt::finish(LLMH_FINISH_CONTENT_FILTER)});
    BOOST_TEST(filtered ==
               started() + sse("response.incomplete", 2,
                               ",\"response\":" + response_object("incomplete", "[]", no_usage,
                                                                  {.incomplete = R"({"reason":"content_filter"})"})));
}

BOOST_AUTO_TEST_CASE(a_failed_stream_ends_with_response_failed_and_the_code_clients_branch_on) {
    const std::pair<ErrorKind, std::string_view> codes[] = {{ErrorKind::context_length, "context_length_exceeded"},
                                                            {ErrorKind::rate_limited, "rate_limit_exceeded"},
                                                            {ErrorKind::quota_exhausted, "insufficient_quota"},
                                                            {ErrorKind::invalid_request, "invalid_prompt"},
                                                            {ErrorKind::upstream, "server_error"},
                                                            {ErrorKind::internal, "server_error"},
                                                            {ErrorKind::timeout, "server_error"},
                                                            {ErrorKind::authentication, "server_error"}};
    const auto request = state_of(parse(R"({"input":"x","store":false})"));
    for (const auto& [kind, code] : codes) {
        auto encoder = rf::make_stream_encoder(request, identity, nullptr);
        std::string out;
        encoder->fail({kind, "it \"broke\"", {}, "x", -1}, out);
        const std::string error = R"({"code":")" + std::string(code) + R"(","message":"it \"broke\""})";
        BOOST_TEST(out ==
                   started() + sse("response.failed", 2,
                                   ",\"response\":" + response_object("failed", "[]", no_usage, {.error = error})));
    }

    // After content: what was written so far is in the failed response.
    auto encoder = rf::make_stream_encoder(request, identity, nullptr);
    std::string out;
    encoder->event(gt::text("Hi"), out);
    encoder->event(gt::usage(3, 1), out);
    encoder->fail({ErrorKind::upstream, "cut", {}, "network", -1}, out);
    const std::string at = R"(,"item_id":"msg_1","output_index":0,"content_index":0)";
    BOOST_TEST(
        normalise_ids(out) ==
        started() +
            sse("response.output_item.added", 2,
                R"(,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]})") +
            sse("response.content_part.added", 3, at + R"(,"part":{"type":"output_text","text":"","annotations":[]})") +
            sse("response.output_text.delta", 4, at + R"(,"delta":"Hi","logprobs":[])") +
            sse("response.failed", 5,
                ",\"response\":" +
                    response_object(
                        "failed",
                        R"([{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi","annotations":[],"logprobs":[]}]}])",
                        R"({"input_tokens":3,"input_tokens_details":{"cached_tokens":0},"output_tokens":1,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":4})",
                        {.error = R"({"code":"server_error","message":"cut"})"})));
}

// ---- whole responses ----------------------------------------------------------------------

namespace {

std::string render(std::string_view body, const ChatResponse& response) {
    return normalise_ids(rf::render_response(*state_of(parse(body)), response, identity, nullptr));
}

} // namespace

BOOST_AUTO_TEST_CASE(a_whole_text_response) {
    ChatResponse r;
    r.model = "gpt-x";
    r.text = "Hi";
    r.finish_reason = LLMH_FINISH_STOP;
    r.usage = {3, 2, -1, -1};
    BOOST_TEST(
        render(R"({"input":"hi","store":false})", r) ==
        response_object(
            "completed",
            R"([{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi","annotations":[],"logprobs":[]}]}])",
            R"({"input_tokens":3,"input_tokens_details":{"cached_tokens":0},"output_tokens":2,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":5})",
            {.model = "gpt-x"}));
}

BOOST_AUTO_TEST_CASE(a_whole_response_with_reasoning_and_tool_calls) {
    ChatResponse r;
    r.reasoning = "thought";
    r.text = "Checking.";
    r.tool_calls = {{"call_a", "get_weather", R"({"city":"Paris"})"}, {"call_b", "agents__spawn", "{}"}};
    r.finish_reason = LLMH_FINISH_TOOL_CALLS;
    r.usage = {10, 4, 2, 1};
    const std::string tools =
        R"([{"type":"function","name":"get_weather"},{"type":"namespace","name":"agents","tools":[{"type":"function","name":"spawn"}]}])";
    BOOST_TEST(
        render(R"({"input":"x","store":false,"tools":)" + tools + "}", r) ==
        R"({"id":"resp_1","object":"response","created_at":1700000000,"status":"completed","error":null,"incomplete_details":null,"model":"m","output":[)"
        R"({"id":"rs_1","type":"reasoning","summary":[{"type":"summary_text","text":"thought"}]},)"
        R"({"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Checking.","annotations":[],"logprobs":[]}]},)"
        R"({"id":"fc_1","type":"function_call","status":"completed","call_id":"call_a","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},)"
        R"({"id":"fc_2","type":"function_call","status":"completed","call_id":"call_b","name":"spawn","namespace":"agents","arguments":"{}"}],)"
        R"("store":false,"tools":)" +
            tools +
            R"(,"usage":{"input_tokens":10,"input_tokens_details":{"cached_tokens":2},"output_tokens":4,"output_tokens_details":{"reasoning_tokens":1},"total_tokens":14}})");
}

BOOST_AUTO_TEST_CASE(a_whole_response_with_custom_tool_calls) {
    ChatResponse r;
    r.tool_calls = {{"call_p", "apply_patch", R"({"input":"*** Begin Patch\n*** End Patch"})"},
                    {"call_q", "apply_patch", "not json"}}; // passed on as it came
    r.finish_reason = LLMH_FINISH_TOOL_CALLS;
    BOOST_TEST(
        render(R"({"input":"x","store":false,"tools":[{"type":"custom","name":"apply_patch"}]})", r) ==
        R"({"id":"resp_1","object":"response","created_at":1700000000,"status":"completed","error":null,"incomplete_details":null,"model":"m","output":[)"
        R"({"id":"ctc_1","type":"custom_tool_call","status":"completed","call_id":"call_p","name":"apply_patch","input":"*** Begin Patch\n*** End Patch"},)"
        R"({"id":"ctc_2","type":"custom_tool_call","status":"completed","call_id":"call_q","name":"apply_patch","input":"not json"}],)"
        R"("store":false,"tools":[{"type":"custom","name":"apply_patch"}],"usage":)" +
            no_usage + "}");
}

BOOST_AUTO_TEST_CASE(a_whole_incomplete_response) {
    ChatResponse r;
    r.text = "Partial";
    r.finish_reason = LLMH_FINISH_LENGTH;
    r.usage = {4, 1, -1, -1};
    BOOST_TEST(
        render(R"({"input":"x","store":false})", r) ==
        response_object(
            "incomplete",
            R"([{"id":"msg_1","type":"message","status":"incomplete","role":"assistant","content":[{"type":"output_text","text":"Partial","annotations":[],"logprobs":[]}]}])",
            R"({"input_tokens":4,"input_tokens_details":{"cached_tokens":0},"output_tokens":1,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":5})",
            {.incomplete = R"({"reason":"max_output_tokens"})"}));
    r.finish_reason = LLMH_FINISH_CONTENT_FILTER;
    r.text.clear();
    BOOST_TEST(
        render(R"({"input":"x","store":false})", r) ==
        response_object(
            "incomplete", "[]",
            R"({"input_tokens":4,"input_tokens_details":{"cached_tokens":0},"output_tokens":1,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":5})",
            {.incomplete = R"({"reason":"content_filter"})"}));
}

BOOST_AUTO_TEST_CASE(the_response_object_echoes_the_request) {
    ChatResponse r;
    r.text = "ok";
    BOOST_TEST(
        render(
            R"({"model":"m","input":"x","user":"u","top_p":1,"tools":[{"type":"web_search"}],"tool_choice":"auto",)"
            R"("text":{"format":{"type":"text"}},"temperature":1,"service_tier":"auto","reasoning":{"effort":"low"},)"
            R"("prompt_cache_key":"k","parallel_tool_calls":false,"metadata":{"a":"b"},"max_output_tokens":100,)"
            R"("instructions":"Be terse.","include":["reasoning.encrypted_content"],"stream":false})",
            r) ==
        R"({"id":"resp_1","object":"response","created_at":1700000000,"status":"completed","error":null,"incomplete_details":null,"model":"m","output":[)"
        R"({"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"ok","annotations":[],"logprobs":[]}]}],)"
        R"("store":true,"instructions":"Be terse.","max_output_tokens":100,"metadata":{"a":"b"},"parallel_tool_calls":false,)"
        R"("prompt_cache_key":"k","reasoning":{"effort":"low"},"service_tier":"auto","temperature":1,"text":{"format":{"type":"text"}},)"
        R"("tool_choice":"auto","tools":[{"type":"web_search"}],"top_p":1,"user":"u","usage":)" +
            no_usage + "}");
}

// allowed_tools narrows what the model may call: only the listed tools are offered.
BOOST_AUTO_TEST_CASE(allowed_tools_offers_only_the_listed_tools) {
    const auto r = parse(
        R"({"model":"m","input":"hi","tools":[{"type":"function","name":"get_weather","parameters":{"type":"object"}},)"
        R"({"type":"function","name":"delete_files","parameters":{"type":"object"}}],)"
        R"("tool_choice":{"type":"allowed_tools","mode":"required","tools":[{"type":"function","name":"get_weather"}]}})");
    BOOST_TEST_REQUIRE(r.chat.tools.size() == 1u);
    BOOST_TEST(r.chat.tools[0].name == "get_weather");
}
