// ConverseStream and Converse answers -> canonical events: the decoded stream example of
// docs/protocols/bedrock.md replayed at every split, reasoning, stop reasons, usage, the ways a stream
// can end early, and the non-streaming body giving the same events.
#include "plugins/bedrock/tests/test_support.hpp"
#include "support/bedrock/event_stream_encoder.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace llmhost;
using namespace llmhost::bedrock;
using namespace llmhost::bedrock::testing;

namespace {

const std::string model = "anthropic.claude-3-haiku-20240307-v1:0";

std::string start() { return event_frame("messageStart", R"({"role":"assistant"})"); }
std::string text(const std::string& t, int index = 0) {
    return event_frame("contentBlockDelta",
                       R"({"contentBlockIndex":)" + std::to_string(index) + R"(,"delta":{"text":")" + t + R"("}})");
}
std::string block_stop(int index) {
    return event_frame("contentBlockStop", R"({"contentBlockIndex":)" + std::to_string(index) + "}");
}
std::string stop(const std::string& reason) {
    return event_frame("messageStop", R"({"stopReason":")" + reason + R"("})");
}
std::string usage(const std::string& usage_json) {
    return event_frame("metadata", R"({"usage":)" + usage_json + R"(,"metrics":{"latencyMs":812}})");
}

// The decoded stream example of docs/protocols/bedrock.md, with the padding field "p" Bedrock adds.
const std::string tool_stream =
    start() +
    event_frame("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"text":"Checking."},"p":"abcdefgh"})") +
    block_stop(0) +
    event_frame("contentBlockStart",
                R"({"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"tooluse_1","name":"get_weather"}}})") +
    event_frame("contentBlockDelta", R"({"contentBlockIndex":1,"delta":{"toolUse":{"input":"{\"city\":\"Pa"}}})") +
    event_frame("contentBlockDelta", R"({"contentBlockIndex":1,"delta":{"toolUse":{"input":"ris\"}"}}})") +
    block_stop(1) + stop("tool_use") + usage(R"({"inputTokens":52,"outputTokens":20,"totalTokens":72})");

ChatOutcome stream_once(const std::string& body, int32_t transport_error = LLMH_OK) {
    FakeHost fake;
    use_example_keys(fake);
    auto r = event_stream_response(body);
    r.transport_error = transport_error;
    fake.responses.push_back(std::move(r));
    return run_chat(fake, user_request("hi", true, model));
}

ChatOutcome converse_once(const std::string& body) {
    FakeHost fake;
    use_example_keys(fake);
    fake.responses.push_back(CannedResponse::json(200, body));
    return run_chat(fake, user_request("hi", false, model));
}

void check_lines(const std::vector<std::string>& got, const std::vector<std::string>& expected) {
    BOOST_TEST(got == expected, boost::test_tools::per_element());
}

} // namespace

BOOST_AUTO_TEST_CASE(protocols_stream_example_at_every_split) {
    const auto out = chat_at_every_split(event_stream_response(tool_stream), user_request("hi", true, model));
    BOOST_REQUIRE_MESSAGE(!out.error, (out.error ? out.error->what() : ""));
    check_lines(out.lines, {"start id= model=" + model, "text Checking.", "tool_start 0 tooluse_1 get_weather",
                            "tool_delta 0 {\"city\":\"Pa", "tool_delta 0 ris\"}",
                            "usage in=52 out=20 cached=-1 reasoning=-1", "finish tool_calls"});
    BOOST_REQUIRE_EQUAL(out.response.tool_calls.size(), 1u);
    BOOST_TEST(out.response.tool_calls[0].arguments == R"({"city":"Paris"})");
}

BOOST_AUTO_TEST_CASE(text_blocks_need_no_start_and_reasoning_is_separate) {
    const auto out = stream_once(
        start() +
        event_frame("contentBlockDelta",
                    R"({"contentBlockIndex":0,"delta":{"reasoningContent":{"text":"Let me think."}}})") +
        event_frame("contentBlockDelta",
                    R"({"contentBlockIndex":0,"delta":{"reasoningContent":{"signature":"c2lnbmF0dXJl"}}})") +
        block_stop(0) + text("Hello", 1) + text(" there", 1) + block_stop(1) + stop("end_turn") +
        usage(R"({"inputTokens":10,"outputTokens":5,"cacheReadInputTokens":100,"cacheWriteInputTokens":7})"));
    BOOST_REQUIRE(!out.error);
    check_lines(out.lines, {"start id= model=" + model, "reasoning Let me think.",
                            "state -1 origin=bedrock signature=c2lnbmF0dXJl", "text Hello", "text  there",
                            "usage in=117 out=5 cached=100 reasoning=-1 cache_write=7", "finish stop"});
}

BOOST_AUTO_TEST_CASE(stop_reasons_map_to_finish_reasons) {
    const std::vector<std::pair<std::string, std::string>> cases{{"end_turn", "stop"},
                                                                 {"stop_sequence", "stop"},
                                                                 {"max_tokens", "length"},
                                                                 {"tool_use", "tool_calls"},
                                                                 {"content_filtered", "content_filter"},
                                                                 {"guardrail_intervened", "content_filter"},
                                                                 {"malformed_model_output", "error"},
                                                                 {"malformed_tool_use", "error"},
                                                                 {"some_future_reason", "stop"},
                                                                 {"", "stop"}};
    for (const auto& [reason, finish] : cases) {
        const auto out = stream_once(start() + text("x") + stop(reason));
        BOOST_REQUIRE_MESSAGE(!out.error, reason);
        BOOST_TEST(out.lines.back() == "finish " + finish, reason);
        const auto whole = converse_once(
            R"({"output":{"message":{"role":"assistant","content":[{"text":"x"}]}},"stopReason":")" + reason + R"("})");
        BOOST_REQUIRE_MESSAGE(!whole.error, reason);
        BOOST_TEST(whole.lines.back() == "finish " + finish, reason);
    }
}

BOOST_AUTO_TEST_CASE(context_window_exceeded_is_a_context_length_error) {
    const auto out = stream_once(start() + text("partial") + stop("model_context_window_exceeded") + usage("{}"));
    BOOST_REQUIRE(out.error);
    BOOST_TEST(out.error->error_class() == LLMH_ERR_CONTEXT_LENGTH);
    BOOST_TEST(out.lines.back() == "text partial"); // no finish event
    const auto whole = converse_once(
        R"({"output":{"message":{"role":"assistant","content":[]}},"stopReason":"model_context_window_exceeded"})");
    BOOST_REQUIRE(whole.error);
    BOOST_TEST(whole.error->error_class() == LLMH_ERR_CONTEXT_LENGTH);
    BOOST_TEST(whole.lines.empty());
}

BOOST_AUTO_TEST_CASE(a_tool_call_without_input_gets_empty_arguments) {
    const auto out =
        stream_once(start() +
                    event_frame("contentBlockStart",
                                R"({"contentBlockIndex":0,"start":{"toolUse":{"toolUseId":"t0","name":"now"}}})") +
                    block_stop(0) +
                    event_frame("contentBlockStart",
                                R"({"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"t1","name":"f"}}})") +
                    event_frame("contentBlockDelta", R"({"contentBlockIndex":1,"delta":{"toolUse":{"input":"{}"}}})") +
                    block_stop(1) + stop("tool_use"));
    BOOST_REQUIRE(!out.error);
    check_lines(out.lines, {"start id= model=" + model, "tool_start 0 t0 now", "tool_delta 0 {}", "tool_start 1 t1 f",
                            "tool_delta 1 {}", "finish tool_calls"});
}

BOOST_AUTO_TEST_CASE(unknown_events_and_message_types_are_ignored) {
    const auto out = stream_once(start() + event_frame("somethingNew", R"({"x":1})") +
                                 encode_message({{":message-type", std::string("telemetry")}}, "binary\x01") +
                                 text("ok") + stop("end_turn"));
    BOOST_REQUIRE(!out.error);
    check_lines(out.lines, {"start id= model=" + model, "text ok", "finish stop"});
}

BOOST_AUTO_TEST_CASE(a_stream_without_message_stop_is_malformed) {
    const auto out = stream_once(start() + text("cut"));
    BOOST_REQUIRE(out.error);
    BOOST_TEST(out.error->error_class() == LLMH_ERR_MALFORMED_RESPONSE);
    BOOST_TEST(std::string(out.error->what()).find("before messageStop") != std::string::npos);
    // Ending inside a frame says so.
    const std::string whole = start() + text("cut");
    const auto inside = stream_once(whole.substr(0, whole.size() - 5));
    BOOST_REQUIRE(inside.error);
    BOOST_TEST(std::string(inside.error->what()).find("inside a frame") != std::string::npos, inside.error->what());
}

BOOST_AUTO_TEST_CASE(a_connection_lost_mid_stream_is_reported_with_its_cause) {
    const auto out = stream_once(start() + text("cut"), LLMH_ERR_NETWORK);
    BOOST_REQUIRE(out.error);
    BOOST_TEST(out.error->error_class() == LLMH_ERR_MALFORMED_RESPONSE);
    BOOST_TEST(std::string(out.error->what()).find("connection reset by peer") != std::string::npos);
    // After messageStop the answer is complete; only the usage may be lost.
    const auto complete = stream_once(start() + text("done") + stop("end_turn"), LLMH_ERR_NETWORK);
    BOOST_REQUIRE(!complete.error);
    BOOST_TEST(complete.lines.back() == "finish stop");
}

BOOST_AUTO_TEST_CASE(a_corrupt_frame_in_the_stream_is_malformed) {
    std::string body = start() + text("x") + stop("end_turn");
    body[body.size() - 30] ^= 0x20;
    const auto out = stream_once(body);
    BOOST_REQUIRE(out.error);
    BOOST_TEST(out.error->error_class() == LLMH_ERR_MALFORMED_RESPONSE);
    BOOST_TEST(std::string(out.error->what()).starts_with("bedrock: event stream: message CRC mismatch"),
               out.error->what());
}

BOOST_AUTO_TEST_CASE(a_payload_that_is_not_json_is_malformed) {
    const auto out = stream_once(start() + event_frame("contentBlockDelta", "not json") + stop("end_turn"));
    BOOST_REQUIRE(out.error);
    BOOST_TEST(out.error->error_class() == LLMH_ERR_MALFORMED_RESPONSE);
    const auto orphan = stream_once(
        start() + event_frame("contentBlockDelta", R"({"contentBlockIndex":4,"delta":{"toolUse":{"input":"{"}}})"));
    BOOST_REQUIRE(orphan.error);
    BOOST_TEST(orphan.error->error_class() == LLMH_ERR_MALFORMED_RESPONSE);
}

BOOST_AUTO_TEST_CASE(the_sink_can_stop_the_stream) {
    FakeHost fake;
    use_example_keys(fake);
    fake.responses.push_back(event_stream_response(tool_stream));
    EventRecorder recorder;
    recorder.stop_after = 2;
    auto provider = make_provider(fake.host(), bedrock_config());
    auto ctx = fake.context();
    Call call(fake.host(), &ctx);
    EventSink sink(recorder.sink());
    try {
        provider->chat(user_request("hi", true, model), call, sink);
        BOOST_ERROR("the stream went on after the sink said stop");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_CANCELLED);
    }
    BOOST_TEST(recorder.events.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_converse_body_gives_the_same_events_as_the_stream) {
    const auto out = converse_once(R"({
        "output":{"message":{"role":"assistant","content":[
            {"reasoningContent":{"reasoningText":{"text":"Hmm.","signature":"sig"}}},
            {"text":"Checking."},
            {"toolUse":{"toolUseId":"tooluse_1","name":"get_weather","input":{"city":"Paris"}}}]}},
        "stopReason":"tool_use",
        "usage":{"inputTokens":52,"outputTokens":20,"totalTokens":72,"cacheReadInputTokens":0},
        "metrics":{"latencyMs":412}})");
    BOOST_REQUIRE_MESSAGE(!out.error, (out.error ? out.error->what() : ""));
    check_lines(out.lines, {"start id= model=" + model, "reasoning Hmm.", "state -1 origin=bedrock signature=sig",
                            "text Checking.", "tool_start 0 tooluse_1 get_weather", "tool_delta 0 {\"city\":\"Paris\"}",
                            "usage in=52 out=20 cached=0 reasoning=-1", "finish tool_calls"});
}

BOOST_AUTO_TEST_CASE(a_converse_body_that_is_not_a_response_is_malformed) {
    for (const std::string body : {"not json", "[]", R"({"output":{}})"}) {
        const auto out = converse_once(body);
        BOOST_REQUIRE_MESSAGE(out.error, body);
        BOOST_TEST(out.error->error_class() == LLMH_ERR_MALFORMED_RESPONSE);
        BOOST_TEST(out.lines.empty());
    }
}

BOOST_AUTO_TEST_CASE(a_streaming_request_answered_with_json_is_understood) {
    FakeHost fake;
    use_example_keys(fake);
    fake.responses.push_back(CannedResponse::json(
        200, R"({"output":{"message":{"role":"assistant","content":[{"text":"plain"}]}},"stopReason":"end_turn"})"));
    const auto out = run_chat(fake, user_request("hi", true, model));
    BOOST_REQUIRE(!out.error);
    BOOST_TEST(out.response.text == "plain");
}

// ---- reasoning state and cache usage ------------------------------------------------------

namespace {

std::string reasoning_delta(int index, const std::string& field, const std::string& value) {
    return event_frame("contentBlockDelta", R"({"contentBlockIndex":)" + std::to_string(index) +
                                                R"(,"delta":{"reasoningContent":{")" + field + R"(":")" + value +
                                                R"("}}})");
}

// Claude with thinking on a tool turn: signed reasoning in two pieces, redacted reasoning, a
// call; the usage with cache reads and writes.
const std::string thinking_tool_stream =
    start() + reasoning_delta(0, "text", "Weather needs ") + reasoning_delta(0, "text", "a tool.") +
    reasoning_delta(0, "signature", "EqQBCgIYAhIM") + block_stop(0) + reasoning_delta(1, "redactedContent", "cmVk") +
    block_stop(1) +
    event_frame("contentBlockStart",
                R"({"contentBlockIndex":2,"start":{"toolUse":{"toolUseId":"tooluse_7","name":"weather"}}})") +
    event_frame("contentBlockDelta", R"({"contentBlockIndex":2,"delta":{"toolUse":{"input":"{}"}}})") + block_stop(2) +
    stop("tool_use") +
    usage(
        R"({"inputTokens":3,"outputTokens":9,"totalTokens":1012,"cacheReadInputTokens":1000,"cacheWriteInputTokens":0})");

} // namespace

BOOST_AUTO_TEST_CASE(signed_and_redacted_reasoning_end_their_blocks_at_every_split) {
    const auto out = chat_at_every_split(event_stream_response(thinking_tool_stream), user_request("hi", true, model));
    BOOST_REQUIRE_MESSAGE(!out.error, (out.error ? out.error->what() : ""));
    check_lines(out.lines, {"start id= model=" + model, "reasoning Weather needs ", "reasoning a tool.",
                            "state -1 origin=bedrock signature=EqQBCgIYAhIM", "state -1 origin=bedrock data=cmVk",
                            "tool_start 0 tooluse_7 weather", "tool_delta 0 {}",
                            "usage in=1003 out=9 cached=1000 reasoning=-1 cache_write=0", "finish tool_calls"});
}

BOOST_AUTO_TEST_CASE(a_reasoning_block_the_stream_never_closed_ends_at_message_stop) {
    const auto out = stream_once(start() + reasoning_delta(0, "text", "Hm.") + reasoning_delta(0, "signature", "c2ln") +
                                 stop("end_turn"));
    BOOST_REQUIRE(!out.error);
    check_lines(out.lines,
                {"start id= model=" + model, "reasoning Hm.", "state -1 origin=bedrock signature=c2ln", "finish stop"});
}

BOOST_AUTO_TEST_CASE(a_converse_body_gives_redacted_reasoning_and_cache_writes) {
    const auto out = converse_once(R"({
        "output":{"message":{"role":"assistant","content":[
            {"reasoningContent":{"reasoningText":{"text":"Plan.","signature":"c2lnMQ=="}}},
            {"reasoningContent":{"redactedContent":"cmVkYWN0ZWQ="}},
            {"text":"Done."}]}},
        "stopReason":"end_turn",
        "usage":{"inputTokens":4,"outputTokens":2,"totalTokens":6,"cacheWriteInputTokens":2048}})");
    BOOST_REQUIRE_MESSAGE(!out.error, (out.error ? out.error->what() : ""));
    check_lines(out.lines, {"start id= model=" + model, "reasoning Plan.", "state -1 origin=bedrock signature=c2lnMQ==",
                            "state -1 origin=bedrock data=cmVkYWN0ZWQ=", "text Done.",
                            "usage in=2052 out=2 cached=-1 reasoning=-1 cache_write=2048", "finish stop"});
}
