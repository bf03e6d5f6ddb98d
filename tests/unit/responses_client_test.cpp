// The SDK's Responses API client: request bodies built from canonical requests, and streamed
// and whole answers decoded into canonical events (every stream replayed cut at every byte).
#include "openai_test_support.hpp"

#include <llmhost/protocol/responses/client.hpp>

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

using Lines = std::vector<std::string>;

ChatOutcome run(FakeHost& fake, const ResponsesClient& client, const ChatRequest& request) {
    return chat_through_sdk(fake, "sk-test-key",
                            [&](Call& call, EventSink& sink) { client.chat(request, call, sink); });
}

ChatOutcome stream(const std::string& body, ResponsesWireOptions wire = {}) {
    ResponsesClient client(openai_config(), std::move(wire));
    return same_outcome_at_every_split(CannedResponse::sse(body), [&](CannedResponse r) {
        FakeHost fake;
        fake.responses.push_back(std::move(r));
        return run(fake, client, user_request("hi"));
    });
}

void check(const ChatOutcome& outcome, const Lines& expected) {
    const auto got = outcome.transcript();
    BOOST_TEST(got == expected, boost::test_tools::per_element());
}

std::string event(std::string_view type, std::string_view json) {
    return "event: " + std::string(type) + "\ndata: " + std::string(json) + "\n\n";
}

const std::string created =
    event("response.created",
          R"({"type":"response.created","response":{"id":"resp_1","model":"gpt-5","status":"in_progress"}})");

std::string completed(std::string_view status = "completed", std::string_view extra = "") {
    return event(
        "response.completed",
        R"({"type":"response.completed","response":{"id":"resp_1","model":"gpt-5","status":")" + std::string(status) +
            "\"" + std::string(extra) +
            R"(,"usage":{"input_tokens":20,"input_tokens_details":{"cached_tokens":8},"output_tokens":12,"output_tokens_details":{"reasoning_tokens":4},"total_tokens":32}}})");
}

Message text_message(Role role, std::string text) {
    Message m;
    m.role = role;
    ContentPart part;
    part.text = std::move(text);
    m.content.push_back(std::move(part));
    return m;
}

ChatRequest tool_turn() {
    ChatRequest r = user_request("weather?", false, "gpt-5");
    r.messages.insert(r.messages.begin(), text_message(Role::system, "Be brief."));
    Message assistant;
    assistant.role = Role::assistant;
    assistant.reasoning.push_back({"thinking", {"openai-responses", {}, "ENC1", "rs_1"}});
    assistant.reasoning.push_back({"other", {"anthropic", "sig", {}, {}}});
    assistant.tool_calls.push_back({"call_1", "get_weather", R"({"city":"Paris"})"});
    r.messages.push_back(assistant);
    Message result = text_message(Role::tool, "sunny");
    result.tool_call_id = "call_1";
    r.messages.push_back(result);
    ToolDefinition tool;
    tool.name = "get_weather";
    tool.description = "Weather for a city";
    tool.parameters = {{"type", "object"}};
    r.tools.push_back(tool);
    r.tool_choice = "auto";
    r.reasoning = ReasoningOptions{"high", std::nullopt};
    r.temperature = 0.5;
    r.max_tokens = 100;
    r.prompt_cache_key = "k1";
    return r;
}

} // namespace

BOOST_AUTO_TEST_CASE(request_body_maps_messages_tools_and_reasoning) {
    const std::string body = responses_body(tool_turn(), "gpt-5", {}, "openai-responses");
    BOOST_TEST(
        body ==
        R"({"model":"gpt-5","instructions":"Be brief.","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"weather?"}]},)"
        R"({"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"thinking"}],"encrypted_content":"ENC1"},)"
        R"({"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},)"
        R"({"type":"function_call_output","call_id":"call_1","output":"sunny"}],)"
        R"("tools":[{"type":"function","name":"get_weather","description":"Weather for a city","parameters":{"type":"object"}}],"tool_choice":"auto",)"
        R"("reasoning":{"effort":"high","summary":"auto"},"include":["reasoning.encrypted_content"],)"
        R"("temperature":5E-1,"max_output_tokens":100,"prompt_cache_key":"k1","store":false,"stream":false})");
}

BOOST_AUTO_TEST_CASE(custom_tools_go_as_custom_tools_with_their_calls_and_outputs) {
    ChatRequest r = user_request("patch it", false, "gpt-5-codex");
    Message assistant;
    assistant.role = Role::assistant;
    assistant.tool_calls.push_back({"call_p", "apply_patch", R"({"input":"*** Begin Patch\n*** End Patch"})"});
    assistant.tool_calls.push_back({"call_s", "shell", R"({"cmd":"ls"})"});
    r.messages.push_back(assistant);
    for (const char* id : {"call_p", "call_s"}) {
        Message result = text_message(Role::tool, "ok");
        result.tool_call_id = id;
        r.messages.push_back(result);
    }
    ToolDefinition patch{"apply_patch", "Edit files", {{"type", "object"}}};
    patch.kind = ToolDefinition::Kind::custom;
    patch.format = {{"type", "grammar"}, {"syntax", "lark"}, {"definition", "start: x"}};
    r.tools.push_back(patch);
    r.tools.push_back({"shell", "", {{"type", "object"}}});
    r.tool_choice = "apply_patch";
    BOOST_TEST(
        responses_body(r, "gpt-5-codex", {}, "openai-responses") ==
        R"({"model":"gpt-5-codex","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"patch it"}]},)"
        R"({"type":"custom_tool_call","call_id":"call_p","name":"apply_patch","input":"*** Begin Patch\n*** End Patch"},)"
        R"({"type":"function_call","call_id":"call_s","name":"shell","arguments":"{\"cmd\":\"ls\"}"},)"
        R"({"type":"custom_tool_call_output","call_id":"call_p","output":"ok"},)"
        R"({"type":"function_call_output","call_id":"call_s","output":"ok"}],)"
        R"("tools":[{"type":"custom","name":"apply_patch","description":"Edit files","format":{"type":"grammar","syntax":"lark","definition":"start: x"}},)"
        R"({"type":"function","name":"shell","parameters":{"type":"object"}}],"tool_choice":{"type":"custom","name":"apply_patch"},)"
        R"("store":false,"stream":false})");
}

BOOST_AUTO_TEST_CASE(request_body_for_a_backend_without_sampling) {
    ResponsesWireOptions wire;
    wire.send_sampling = false;
    wire.always_stream = true;
    wire.default_instructions = "You help.";
    ChatRequest r = user_request("hi", false, "gpt-5");
    r.temperature = 0.2;
    r.top_p = 0.9;
    r.max_tokens = 5;
    r.response_format.emplace();
    r.response_format->kind = ResponseFormat::Kind::json_object;
    const auto body = boost::json::parse(responses_body(r, "gpt-5", wire, "openai-responses")).as_object();
    BOOST_TEST(body.at("instructions") == "You help.");
    BOOST_TEST(!body.contains("temperature"));
    BOOST_TEST(!body.contains("top_p"));
    BOOST_TEST(!body.contains("max_output_tokens"));
    BOOST_TEST(!body.contains("include"));
    BOOST_TEST(body.at("stream") == true);
    BOOST_TEST(body.at("text").at("format").at("type") == "json_object");
}

BOOST_AUTO_TEST_CASE(another_providers_reasoning_is_not_sent) {
    const std::string body = responses_body(tool_turn(), "gpt-5", {}, "azure-responses");
    BOOST_TEST(body.find("ENC1") == std::string::npos);
    BOOST_TEST(body.find("\"reasoning\",\"id\"") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(client_posts_to_responses_with_bearer_key) {
    FakeHost fake;
    fake.responses.push_back(CannedResponse::sse(
        created +
        event("response.output_text.delta", R"({"type":"response.output_text.delta","output_index":0,"delta":"ok"})") +
        completed()));
    ResponsesClient client(openai_config());
    const auto outcome = run(fake, client, user_request("hi"));
    BOOST_TEST(!outcome.error);
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 1u);
    BOOST_TEST(fake.requests[0].url == "https://api.example.test/v1/responses");
    BOOST_TEST(fake.requests[0].header("Authorization") == "Bearer sk-test-key");
    BOOST_TEST(fake.requests[0].json().at("stream") == true);
}

BOOST_AUTO_TEST_CASE(text_stream_with_usage) {
    check(
        stream(
            created +
            event(
                "response.output_item.added",
                R"({"type":"response.output_item.added","output_index":0,"item":{"type":"message","id":"msg_1","role":"assistant","content":[]}})") +
            event("response.output_text.delta",
                  R"({"type":"response.output_text.delta","output_index":0,"delta":"Hel"})") +
            event("response.output_text.delta",
                  R"({"type":"response.output_text.delta","output_index":0,"delta":"lo wörld"})") +
            completed()),
        {"start id=resp_1 model=gpt-5", "text Hel", "text lo wörld", "usage in=20 out=12 cached=8 reasoning=4",
         "finish stop"});
}

BOOST_AUTO_TEST_CASE(reasoning_with_encrypted_content_and_a_function_call) {
    check(
        stream(
            created +
            event(
                "response.output_item.added",
                R"({"type":"response.output_item.added","output_index":0,"item":{"type":"reasoning","id":"rs_9","summary":[]}})") +
            event(
                "response.reasoning_summary_text.delta",
                R"({"type":"response.reasoning_summary_text.delta","output_index":0,"summary_index":0,"delta":"Think"})") +
            event(
                "response.output_item.done",
                R"({"type":"response.output_item.done","output_index":0,"item":{"type":"reasoning","id":"rs_9","summary":[{"type":"summary_text","text":"Think"}],"encrypted_content":"gAAAA=="}})") +
            event(
                "response.output_item.added",
                R"({"type":"response.output_item.added","output_index":1,"item":{"type":"function_call","id":"fc_1","call_id":"call_7","name":"get_weather","arguments":""}})") +
            event("response.function_call_arguments.delta",
                  R"({"type":"response.function_call_arguments.delta","output_index":1,"delta":"{\"city\":"})") +
            event("response.function_call_arguments.delta",
                  R"({"type":"response.function_call_arguments.delta","output_index":1,"delta":"\"Oslo\"}"})") +
            completed()),
        {"start id=resp_1 model=gpt-5", "reasoning Think", "state -1 origin=openai-responses data=gAAAA== id=rs_9",
         "tool_start 0 call_7 get_weather", "tool_delta 0 {\"city\":", "tool_delta 0 \"Oslo\"}",
         "usage in=20 out=12 cached=8 reasoning=4", "finish tool_calls"});
}

BOOST_AUTO_TEST_CASE(custom_tool_call_input_becomes_input_arguments) {
    check(
        stream(
            created +
            event(
                "response.output_item.added",
                R"({"type":"response.output_item.added","output_index":0,"item":{"type":"custom_tool_call","id":"ctc_1","call_id":"call_c","name":"apply_patch","input":""}})") +
            event("response.custom_tool_call_input.delta",
                  R"({"type":"response.custom_tool_call_input.delta","output_index":0,"delta":"*** \"a\"\n"})") +
            event(
                "response.output_item.done",
                R"({"type":"response.output_item.done","output_index":0,"item":{"type":"custom_tool_call","id":"ctc_1","call_id":"call_c","name":"apply_patch","input":"*** \"a\"\n"}})") +
            completed()),
        {"start id=resp_1 model=gpt-5", "tool_start 0 call_c apply_patch", "tool_delta 0 {\"input\":\"",
         "tool_delta 0 *** \\\"a\\\"\\n", "tool_delta 0 \"}", "usage in=20 out=12 cached=8 reasoning=4",
         "finish tool_calls"});
}

BOOST_AUTO_TEST_CASE(incomplete_response_finishes_with_length) {
    check(
        stream(
            created + event("response.output_text.delta", R"({"type":"response.output_text.delta","delta":"a"})") +
            event(
                "response.incomplete",
                R"({"type":"response.incomplete","response":{"id":"resp_1","status":"incomplete","incomplete_details":{"reason":"max_output_tokens"}}})")),
        {"start id=resp_1 model=gpt-5", "text a", "finish length"});
}

BOOST_AUTO_TEST_CASE(response_failed_is_a_typed_error) {
    const auto outcome = stream(
        created +
        event(
            "response.failed",
            R"({"type":"response.failed","response":{"id":"resp_1","status":"failed","error":{"code":"rate_limit_exceeded","message":"Slow down"}}})"));
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_RATE_LIMITED);
    BOOST_TEST(std::string(outcome.error->what()) == "openai: Slow down (rate_limit_exceeded)");
}

BOOST_AUTO_TEST_CASE(error_event_is_a_typed_error) {
    const auto outcome = stream(
        created +
        event("error", R"({"type":"error","code":"context_length_exceeded","message":"Too long","param":null})"));
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_CONTEXT_LENGTH);
}

BOOST_AUTO_TEST_CASE(stream_cut_before_completed_is_an_error) {
    const auto outcome =
        stream(created + event("response.output_text.delta", R"({"type":"response.output_text.delta","delta":"par"})"));
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_MALFORMED_RESPONSE);
    BOOST_TEST(outcome.lines.back() != "finish stop");
}

BOOST_AUTO_TEST_CASE(http_error_uses_openai_mapping) {
    FakeHost fake;
    fake.responses.push_back(CannedResponse::json(
        401, R"({"error":{"message":"bad key","type":"invalid_request_error","code":"invalid_api_key"}})"));
    ResponsesClient client(openai_config());
    const auto outcome = run(fake, client, user_request("hi"));
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_AUTHENTICATION);
    BOOST_TEST(outcome.error->http_status() == 401);
}

BOOST_AUTO_TEST_CASE(whole_response_gives_the_same_events) {
    FakeHost fake;
    fake.responses.push_back(CannedResponse::json(
        200,
        R"({"id":"resp_2","object":"response","model":"gpt-5","status":"completed","output":[)"
        R"({"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"hm"}],"encrypted_content":"E"},)"
        R"({"type":"message","role":"assistant","content":[{"type":"output_text","text":"Hi"}]},)"
        R"({"type":"function_call","call_id":"call_1","name":"f","arguments":"{}"}],)"
        R"("usage":{"input_tokens":3,"output_tokens":2}})"));
    ResponsesClient client(openai_config());
    check(run(fake, client, user_request("hi", false)),
          {"start id=resp_2 model=gpt-5", "reasoning hm", "state -1 origin=openai-responses data=E id=rs_1", "text Hi",
           "tool_start 0 call_1 f", "tool_delta 0 {}", "usage in=3 out=2 cached=-1 reasoning=-1", "finish tool_calls"});
}
