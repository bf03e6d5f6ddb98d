// Gemini SSE streams -> canonical events. Every case replays the body cut at every byte
// offset (and byte by byte) and requires identical results. The stream ends at EOF (there is
// no [DONE]); errors can arrive as a bare JSON object the body switches to.
#include "plugins/gemini/tests/test_support.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

using Lines = std::vector<std::string>;

ChatOutcome stream(const std::string& body) { return gemini_chat_at_every_split(CannedResponse::sse(body)); }

void check_lines(const ChatOutcome& outcome, const Lines& expected) {
    const auto got = outcome.transcript();
    BOOST_TEST(got == expected, boost::test_tools::per_element());
}

std::string chunk(const std::string& parts, const std::string& rest = {}) {
    return R"(data: {"candidates":[{"content":{"role":"model","parts":[)" + parts + R"(]},"index":0)" + rest +
           R"(}],"modelVersion":"gemini-2.5-flash","responseId":"resp-1"})"
           "\n\n";
}

} // namespace

BOOST_AUTO_TEST_CASE(text_stream_takes_the_last_usage) {
    const auto outcome = stream(
        R"(data: {"candidates":[{"content":{"role":"model","parts":[{"text":"It is"}]},"index":0}],"usageMetadata":{"promptTokenCount":42,"totalTokenCount":42},"modelVersion":"gemini-2.5-flash","responseId":"xyz"}

data: {"candidates":[{"content":{"role":"model","parts":[{"text":" 18°C."}]},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":42,"candidatesTokenCount":7,"totalTokenCount":49,"cachedContentTokenCount":5},"modelVersion":"gemini-2.5-flash","responseId":"xyz"}

)");
    check_lines(outcome, {"start id=xyz model=gemini-2.5-flash", "text It is", "text  18°C.",
                          "usage in=42 out=7 cached=5 reasoning=-1", "finish stop"});
    BOOST_TEST(outcome.response.text == "It is 18°C.");
}

BOOST_AUTO_TEST_CASE(thought_parts_are_reasoning) {
    const auto outcome = stream(
        chunk(R"({"text":"Let me think","thought":true})") +
        chunk(R"({"text":" hard.","thought":true},{"text":"Answer","thought":false})") +
        chunk(R"({"text":"!"})", R"(,"finishReason":"STOP")") +
        R"(data: {"usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":3,"thoughtsTokenCount":120,"toolUsePromptTokenCount":2}})"
        "\n\n");
    check_lines(outcome, {"start id=resp-1 model=gemini-2.5-flash", "reasoning Let me think", "reasoning  hard.",
                          "text Answer", "text !", "usage in=12 out=123 cached=-1 reasoning=120", "finish stop"});
}

BOOST_AUTO_TEST_CASE(function_calls_arrive_whole_with_synthesised_ids) {
    const auto outcome = stream(
        chunk(R"({"text":"Checking."})") +
        chunk(R"({"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"CiQB"})") +
        chunk(
            R"({"functionCall":{"name":"get_time"}},{"functionCall":{"id":"srv-7","name":"get_weather","args":{"city":"Rome","days":[1,2]}}})",
            R"(,"finishReason":"STOP")"));
    check_lines(outcome, {"start id=resp-1 model=gemini-2.5-flash", "text Checking.", "tool_start 0 call_0 get_weather",
                          R"(tool_delta 0 {"city":"Paris"})", "state 0 origin=gemini signature=CiQB",
                          "tool_start 1 call_1 get_time", "tool_delta 1 {}", "tool_start 2 srv-7 get_weather",
                          R"(tool_delta 2 {"city":"Rome","days":[1,2]})", "finish tool_calls"});
    BOOST_REQUIRE_EQUAL(outcome.response.tool_calls.size(), 3u);
    BOOST_TEST(outcome.response.tool_calls[0].arguments == R"({"city":"Paris"})");
}

BOOST_AUTO_TEST_CASE(bare_json_error_mid_stream_is_typed) {
    // Pretty-printed over several lines, with braces inside a string.
    const auto outcome = stream(chunk(R"({"text":"par"})") + R"({
  "error": {
    "code": 429,
    "message": "Resource has been exhausted (e.g. check quota). {see docs}",
    "status": "RESOURCE_EXHAUSTED",
    "details": [
      {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "30s"}
    ]
  }
}
)");
    check_lines(outcome,
                {"start id=resp-1 model=gemini-2.5-flash", "text par",
                 "error rate_limited http=429 retry=30000 gemini: Resource has been exhausted (e.g. check quota). "
                 "{see docs} (HTTP 429 RESOURCE_EXHAUSTED, reported in the response)"});
}

BOOST_AUTO_TEST_CASE(bare_json_error_on_one_line_and_without_a_final_newline) {
    const auto outcome =
        stream(chunk(R"({"text":"a"})") +
               R"({"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}})");
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_OVERLOADED);
    BOOST_TEST(outcome.error->http_status() == 503);
    BOOST_TEST(outcome.response.text == "a");
}

BOOST_AUTO_TEST_CASE(error_as_an_sse_event_is_typed) {
    const auto outcome = stream(
        chunk(R"({"text":"a"})") +
        "data: {\"error\":{\"code\":500,\"message\":\"An internal error has occurred.\",\"status\":\"INTERNAL\"}}\n\n");
    check_lines(outcome, {"start id=resp-1 model=gemini-2.5-flash", "text a",
                          "error server_error http=500 retry=-1 gemini: An internal error has occurred. (HTTP 500 "
                          "INTERNAL, reported in the response)"});
}

BOOST_AUTO_TEST_CASE(truncation_without_finish_reason_is_malformed) {
    auto outcome = stream(chunk(R"({"text":"Hel"})") + chunk(R"({"text":"lo"})"));
    check_lines(outcome, {"start id=resp-1 model=gemini-2.5-flash", "text Hel", "text lo",
                          "error malformed_response http=0 retry=-1 gemini: stream ended without a finishReason (the "
                          "response is incomplete)"});
    // Cut inside an event: what was complete is kept, the half event is not an error of its own.
    const std::string last = chunk(R"({"text":"!"})", R"(,"finishReason":"STOP")");
    outcome = stream(chunk(R"({"text":"Hel"})") + last.substr(0, last.size() / 2));
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_MALFORMED_RESPONSE);
    BOOST_TEST(outcome.response.text == "Hel");
    // Cut inside a bare error object.
    outcome = stream(chunk(R"({"text":"Hel"})") + "{\n  \"error\": {\n    \"code\": 500,\n");
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_MALFORMED_RESPONSE);
    BOOST_TEST(std::string(outcome.error->what()).find("inside a JSON error object") != std::string::npos,
               outcome.error->what());
    // Nothing at all.
    outcome = stream("");
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_MALFORMED_RESPONSE);
}

BOOST_AUTO_TEST_CASE(last_event_without_its_blank_line_and_crlf_line_ends) {
    auto outcome =
        stream(R"(data: {"candidates":[{"content":{"parts":[{"text":"ok"}]},"finishReason":"MAX_TOKENS"}]})");
    check_lines(outcome, {"start id= model=", "text ok", "finish length"});
    outcome = stream(": comment\r\ndata: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}]}\r\n\r\n"
                     "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"b\"}]},\"finishReason\":\"STOP\"}]}"
                     "\r\n\r\n");
    check_lines(outcome, {"start id= model=", "text a", "text b", "finish stop"});
}

BOOST_AUTO_TEST_CASE(blocked_prompt_ends_as_content_filter) {
    const auto outcome = stream(
        R"(data: {"promptFeedback":{"blockReason":"SAFETY","safetyRatings":[]},"usageMetadata":{"promptTokenCount":8,"totalTokenCount":8},"responseId":"r9"})"
        "\n\n");
    check_lines(outcome, {"start id=r9 model=", "usage in=8 out=-1 cached=-1 reasoning=-1", "finish content_filter"});
}

BOOST_AUTO_TEST_CASE(unparsable_data_mid_stream_is_malformed) {
    const auto outcome = stream("data: {not json}\n\n" + chunk(R"({"text":"x"})", R"(,"finishReason":"STOP")"));
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_MALFORMED_RESPONSE);
    BOOST_TEST(outcome.lines.empty());
}

BOOST_AUTO_TEST_CASE(a_json_array_answer_to_a_stream_request_is_understood) {
    // What streamGenerateContent returns without alt=sse.
    const auto outcome = gemini_chat_at_every_split(
        CannedResponse::json(200, R"([{"candidates":[{"content":{"parts":[{"text":"Hi"}]}}],"responseId":"a1"},
                {"candidates":[{"content":{"parts":[{"text":" there"}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":2,"candidatesTokenCount":2}}])"));
    check_lines(outcome, {"start id=a1 model=", "text Hi", "text  there", "usage in=2 out=2 cached=-1 reasoning=-1",
                          "finish stop"});
}

BOOST_AUTO_TEST_CASE(connection_cut_after_or_before_the_finish) {
    CannedResponse finished = CannedResponse::sse(chunk(R"({"text":"done"})", R"(,"finishReason":"STOP")"));
    finished.transport_error = LLMH_ERR_NETWORK;
    auto outcome = gemini_chat_at_every_split(finished);
    BOOST_TEST(!outcome.error, what(outcome.error));
    BOOST_TEST(outcome.response.finish_reason == LLMH_FINISH_STOP);

    CannedResponse cut = CannedResponse::sse(chunk(R"({"text":"part"})"));
    cut.transport_error = LLMH_ERR_NETWORK;
    outcome = gemini_chat_at_every_split(cut);
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_MALFORMED_RESPONSE);
    BOOST_TEST(std::string(outcome.error->what()).find("connection reset by peer") != std::string::npos,
               outcome.error->what());
    BOOST_TEST(outcome.response.text == "part");
}

BOOST_AUTO_TEST_CASE(the_host_can_stop_the_stream) {
    FakeHost fake;
    fake.responses.push_back(
        CannedResponse::sse(chunk(R"({"text":"a"})") + chunk(R"({"text":"b"})", R"(,"finishReason":"STOP")")));
    AbiProvider provider(gemini_table(), fake, "gemini", gemini_config());
    auto ctx = fake.context(gemini_key);
    EventRecorder recorder;
    recorder.stop_after = 2; // start, then "a"
    const auto error = provider.chat(ctx, gemini_user_request(), recorder);
    BOOST_REQUIRE(error);
    BOOST_TEST(error->error_class() == LLMH_ERR_CANCELLED);
    BOOST_TEST(recorder.events.size() == 2u);
}
