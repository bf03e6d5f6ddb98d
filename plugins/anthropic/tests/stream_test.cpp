// Anthropic Messages event streams -> canonical events, through the anthropic plugin. Every
// case replays the body cut at every byte offset (and byte by byte) and requires identical
// results.
#include "plugins/anthropic/tests/test_support.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

using Lines = std::vector<std::string>;

std::string event(std::string_view name, std::string_view data) {
    return "event: " + std::string(name) + "\ndata: " + std::string(data) + "\n\n";
}

std::string message_start(std::string_view usage = R"({"input_tokens":472,"output_tokens":2})") {
    return event(
        "message_start",
        R"({"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":)" +
            std::string(usage) + "}}");
}

std::string block_start(int index, std::string_view block) {
    return event("content_block_start", R"({"type":"content_block_start","index":)" + std::to_string(index) +
                                            R"(,"content_block":)" + std::string(block) + "}");
}

std::string block_delta(int index, std::string_view delta) {
    return event("content_block_delta", R"({"type":"content_block_delta","index":)" + std::to_string(index) +
                                            R"(,"delta":)" + std::string(delta) + "}");
}

std::string text_delta(int index, std::string_view text) {
    return block_delta(index, R"({"type":"text_delta","text":")" + std::string(text) + R"("})");
}

std::string block_stop(int index) {
    return event("content_block_stop", R"({"type":"content_block_stop","index":)" + std::to_string(index) + "}");
}

std::string message_delta(std::string_view stop_reason, std::string_view usage) {
    return event("message_delta", R"({"type":"message_delta","delta":{"stop_reason":")" + std::string(stop_reason) +
                                      R"(","stop_sequence":null},"usage":)" + std::string(usage) + "}");
}

const std::string message_stop = event("message_stop", R"({"type":"message_stop"})");

const std::string text_stream =
    message_start(
        R"({"input_tokens":12,"cache_creation_input_tokens":100,"cache_read_input_tokens":2000,"output_tokens":1})") +
    block_start(0, R"({"type":"text","text":""})") + event("ping", R"({"type": "ping"})") + text_delta(0, "Bonjour") +
    text_delta(0, ", wörld") + block_stop(0) + message_delta("end_turn", R"({"output_tokens":15})") + message_stop;

const Lines text_stream_lines{"start id=msg_01 model=claude-sonnet-4-5",
                              "usage in=2112 out=1 cached=2000 reasoning=-1 cache_write=100",
                              "text Bonjour",
                              "text , wörld",
                              "usage in=2112 out=15 cached=2000 reasoning=-1 cache_write=100",
                              "finish stop"};

ChatOutcome stream(const std::string& body) { return anthropic_chat_at_every_split(CannedResponse::sse(body)); }

void check_lines(const ChatOutcome& run, const Lines& expected) {
    const auto got = run.transcript();
    BOOST_TEST(got == expected, boost::test_tools::per_element());
}

} // namespace

BOOST_AUTO_TEST_CASE(text_with_ping_and_cache_usage) {
    const auto run = stream(text_stream);
    check_lines(run, text_stream_lines);
    BOOST_TEST(run.response.text == "Bonjour, wörld");
    // Canonical input counts every input token; cached_input_tokens the cache reads,
    // cache_write_tokens the writes.
    BOOST_TEST(run.response.usage.input_tokens == 12 + 100 + 2000);
    BOOST_TEST(run.response.usage.cached_input_tokens == 2000);
    BOOST_TEST(run.response.usage.cache_write_tokens == 100);
}

BOOST_AUTO_TEST_CASE(crlf_line_ends_decode_the_same) {
    std::string crlf;
    for (char c : text_stream)
        crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    check_lines(stream(crlf), text_stream_lines);
}

BOOST_AUTO_TEST_CASE(tool_use_with_input_json_deltas) {
    const auto run = stream(message_start() + block_start(0, R"({"type":"text","text":""})") +
                            text_delta(0, "Checking.") + block_stop(0) +
                            block_start(1, R"({"type":"tool_use","id":"toolu_01","name":"get_weather","input":{}})") +
                            block_delta(1, R"({"type":"input_json_delta","partial_json":""})") +
                            block_delta(1, R"({"type":"input_json_delta","partial_json":"{\"city\": \"Par"})") +
                            block_delta(1, R"({"type":"input_json_delta","partial_json":"is\"}"})") + block_stop(1) +
                            block_start(2, R"({"type":"tool_use","id":"toolu_02","name":"get_time","input":{}})") +
                            block_stop(2) + message_delta("tool_use", R"({"output_tokens":41})") + message_stop);
    check_lines(run, {"start id=msg_01 model=claude-sonnet-4-5", "usage in=472 out=2 cached=-1 reasoning=-1",
                      "text Checking.", "tool_start 0 toolu_01 get_weather", R"(tool_delta 0 {"city": "Par)",
                      R"(tool_delta 0 is"})", "tool_start 1 toolu_02 get_time", "tool_delta 1 {}",
                      "usage in=472 out=41 cached=-1 reasoning=-1", "finish tool_calls"});
    BOOST_REQUIRE_EQUAL(run.response.tool_calls.size(), 2u);
    BOOST_TEST(run.response.tool_calls[0].arguments == R"({"city": "Paris"})");
    BOOST_TEST(run.response.tool_calls[1].arguments == "{}");
}

BOOST_AUTO_TEST_CASE(tool_input_given_whole_or_arguments_without_a_start) {
    // Compatible servers: the whole input in the start block, or deltas for a block never started.
    const auto run = stream(
        message_start() + block_start(0, R"({"type":"tool_use","id":"toolu_A","name":"add","input":{"a":1,"b":2}})") +
        block_stop(0) + block_delta(1, R"({"type":"input_json_delta","partial_json":"{\"q\":1}"})") +
        message_delta("tool_use", R"({"output_tokens":9})") + message_stop);
    check_lines(run, {"start id=msg_01 model=claude-sonnet-4-5", "usage in=472 out=2 cached=-1 reasoning=-1",
                      "tool_start 0 toolu_A add", R"(tool_delta 0 {"a":1,"b":2})", "tool_start 1 toolu_1 ",
                      R"(tool_delta 1 {"q":1})", "usage in=472 out=9 cached=-1 reasoning=-1", "finish tool_calls"});
}

BOOST_AUTO_TEST_CASE(thinking_is_reasoning_and_signatures_and_redacted_thinking_are_reasoning_state) {
    const auto run = stream(message_start() + block_start(0, R"({"type":"thinking","thinking":""})") +
                            block_delta(0, R"({"type":"thinking_delta","thinking":"Let me think"})") +
                            block_delta(0, R"({"type":"thinking_delta","thinking":" step by step."})") +
                            block_delta(0, R"({"type":"signature_delta","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3h"})") +
                            block_stop(0) + block_start(1, R"({"type":"redacted_thinking","data":"EmwKAhgBEgy3va"})") +
                            block_stop(1) + block_start(2, R"({"type":"text","text":""})") + text_delta(2, "42") +
                            block_delta(2, R"({"type":"citations_delta","citation":{"type":"char_location"}})") +
                            block_stop(2) + message_delta("end_turn", R"({"output_tokens":30})") + message_stop);
    check_lines(run, {"start id=msg_01 model=claude-sonnet-4-5", "usage in=472 out=2 cached=-1 reasoning=-1",
                      "reasoning Let me think", "reasoning  step by step.",
                      "state -1 origin=anthropic signature=EqQBCgIYAhIM1gbcDa9GJwZA2b3h",
                      "state -1 origin=anthropic data=EmwKAhgBEgy3va", "text 42",
                      "usage in=472 out=30 cached=-1 reasoning=-1", "finish stop"});
    BOOST_TEST(run.response.reasoning == "Let me think step by step.");
}

BOOST_AUTO_TEST_CASE(usage_is_cumulative_and_the_last_value_wins) {
    const auto run = stream(
        message_start(R"({"input_tokens":5,"output_tokens":1})") + block_start(0, R"({"type":"text","text":"a"})") +
        block_stop(0) + message_delta("", R"({"output_tokens":10})") +
        message_delta("max_tokens", R"({"input_tokens":7,"cache_read_input_tokens":3,"output_tokens":20})") +
        message_stop);
    check_lines(run, {"start id=msg_01 model=claude-sonnet-4-5", "usage in=5 out=1 cached=-1 reasoning=-1", "text a",
                      "usage in=5 out=10 cached=-1 reasoning=-1", "usage in=10 out=20 cached=3 reasoning=-1",
                      "finish length"});
}

BOOST_AUTO_TEST_CASE(stop_reasons) {
    const std::vector<std::pair<std::string, std::string>> cases{{"end_turn", "stop"},
                                                                 {"stop_sequence", "stop"},
                                                                 {"max_tokens", "length"},
                                                                 {"tool_use", "tool_calls"},
                                                                 {"refusal", "content_filter"},
                                                                 {"pause_turn", "stop"},
                                                                 {"model_context_window_exceeded", "length"}};
    for (const auto& [reason, finish] : cases) {
        BOOST_TEST_CONTEXT(reason) {
            const auto run =
                anthropic_exchange(CannedResponse::sse(message_start() +
                                                       message_delta(reason, R"({"output_tokens":1})") + message_stop))
                    .first;
            BOOST_REQUIRE(!run.error);
            BOOST_TEST(run.lines.back() == "finish " + finish);
        }
    }
}

BOOST_AUTO_TEST_CASE(events_named_only_by_their_data_type) {
    std::string body;
    for (const std::string& e : {message_start(), block_start(0, R"({"type":"text","text":""})"), text_delta(0, "hi"),
                                 block_stop(0), message_delta("end_turn", R"({"output_tokens":2})"), message_stop})
        body += e.substr(e.find('\n') + 1); // drop the `event:` line
    check_lines(stream(body), {"start id=msg_01 model=claude-sonnet-4-5", "usage in=472 out=2 cached=-1 reasoning=-1",
                               "text hi", "usage in=472 out=2 cached=-1 reasoning=-1", "finish stop"});
}

BOOST_AUTO_TEST_CASE(mid_stream_errors_are_typed) {
    const std::vector<std::tuple<std::string, std::string, std::string>> cases{
        {"overloaded_error", "Overloaded", "overloaded"},
        {"rate_limit_error", "Number of requests has exceeded your rate limit", "rate_limited"},
        {"api_error", "Internal server error", "server_error"},
        {"invalid_request_error", "prompt is too long: 208310 tokens > 200000 maximum", "context_length_exceeded"},
        {"authentication_error", "invalid x-api-key", "authentication"},
        {"some_future_error", "Something new", "server_error"}};
    for (const auto& [type, message, cls] : cases) {
        BOOST_TEST_CONTEXT(type) {
            const auto run =
                stream(message_start() + block_start(0, R"({"type":"text","text":""})") + text_delta(0, "par") +
                       event("error", R"({"type":"error","error":{"type":")" + type + R"(","message":")" + message +
                                          R"("},"request_id":"req_1"})") +
                       text_delta(0, "never seen"));
            check_lines(run, {"start id=msg_01 model=claude-sonnet-4-5", "usage in=472 out=2 cached=-1 reasoning=-1",
                              "text par",
                              "error " + cls + " http=0 retry=-1 anthropic: " + message + " (" + type +
                                  ", reported in the response)"});
        }
    }
}

BOOST_AUTO_TEST_CASE(a_stream_cut_before_message_stop_is_malformed) {
    const std::string whole = message_start() + block_start(0, R"({"type":"text","text":""})") + text_delta(0, "Hel") +
                              text_delta(0, "lo") + block_stop(0) + message_delta("end_turn", R"({"output_tokens":3})");
    const std::string incomplete = "error malformed_response http=0 retry=-1 anthropic: stream ended before "
                                   "message_stop (the response is incomplete)";
    // After message_delta, mid-event and mid-line.
    check_lines(stream(whole), {"start id=msg_01 model=claude-sonnet-4-5", "usage in=472 out=2 cached=-1 reasoning=-1",
                                "text Hel", "text lo", "usage in=472 out=3 cached=-1 reasoning=-1", incomplete});
    const std::string cut_in_event = whole.substr(0, whole.find("event: content_block_delta", whole.find("Hel"))) +
                                     "event: content_block_delta\ndata: {\"type\":\"content_block_del";
    check_lines(stream(cut_in_event), {"start id=msg_01 model=claude-sonnet-4-5",
                                       "usage in=472 out=2 cached=-1 reasoning=-1", "text Hel", incomplete});
    check_lines(stream(""), {incomplete});
}

BOOST_AUTO_TEST_CASE(a_connection_broken_mid_stream_is_malformed_unless_complete) {
    CannedResponse broken = CannedResponse::sse(message_start() + text_delta(0, "Hel"));
    broken.transport_error = LLMH_ERR_NETWORK;
    check_lines(anthropic_chat_at_every_split(broken),
                {"start id=msg_01 model=claude-sonnet-4-5", "usage in=472 out=2 cached=-1 reasoning=-1", "text Hel",
                 "error malformed_response http=0 retry=-1 anthropic: stream ended before message_stop (the response "
                 "is incomplete; connection reset by peer)"});

    CannedResponse complete = CannedResponse::sse(text_stream);
    complete.transport_error = LLMH_ERR_NETWORK;
    check_lines(anthropic_chat_at_every_split(complete), text_stream_lines);
}

BOOST_AUTO_TEST_CASE(a_last_event_without_its_blank_line_counts) {
    check_lines(stream(text_stream.substr(0, text_stream.size() - 1)), text_stream_lines);
}

BOOST_AUTO_TEST_CASE(anything_after_message_stop_is_ignored) {
    check_lines(stream(text_stream + text_delta(0, "late") + "data: not json\n\n"), text_stream_lines);
}

BOOST_AUTO_TEST_CASE(data_that_is_not_json_is_malformed) {
    const auto run = stream(message_start() + "event: content_block_delta\ndata: {\"type\": oops\n\n" + message_stop);
    BOOST_REQUIRE(run.error);
    BOOST_TEST(run.error->error_class() == LLMH_ERR_MALFORMED_RESPONSE);
    BOOST_TEST(std::string(run.error->what()).find("stream event is not a JSON object") != std::string::npos,
               run.error->what());
}

BOOST_AUTO_TEST_CASE(the_sink_can_stop_the_stream) {
    FakeHost fake;
    AbiProvider provider(anthropic_table(), fake, "anthropic", anthropic_config());
    fake.responses.push_back(CannedResponse::sse(text_stream));
    auto ctx = fake.context("sk-ant-test-key");
    EventRecorder recorder;
    recorder.stop_after = 3;
    const auto error = provider.chat(ctx, anthropic_user_request(), recorder);
    BOOST_REQUIRE(error);
    BOOST_TEST(error->error_class() == LLMH_ERR_CANCELLED);
    BOOST_TEST(recorder.events.size() == 3u);
}
