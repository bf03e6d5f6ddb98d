// OpenAI-compatible SSE streams -> canonical events. Every case replays the body cut at every
// byte offset (and byte by byte) and requires identical results.
#include "openai_test_support.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

using Lines = std::vector<std::string>;

ChatOutcome stream(const std::string& body, const ChatRequest& request = user_request("hi")) {
    return chat_at_every_split(CannedResponse::sse(body), request);
}

void check_lines(const ChatOutcome& outcome, const Lines& expected) {
    const auto got = outcome.transcript();
    BOOST_TEST(got == expected, boost::test_tools::per_element());
}

} // namespace

BOOST_AUTO_TEST_CASE(text_stream_with_usage) {
    const auto outcome = stream(
        R"(data: {"id":"chatcmpl-1","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"usage":null}

data: {"id":"chatcmpl-1","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}],"usage":null}

data: {"id":"chatcmpl-1","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"lo, wörld"},"finish_reason":null}],"usage":null,"obfuscation":"x1"}

data: {"id":"chatcmpl-1","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}

data: {"id":"chatcmpl-1","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":82,"completion_tokens":17,"total_tokens":99,"prompt_tokens_details":{"cached_tokens":64},"completion_tokens_details":{"reasoning_tokens":5}}}

data: [DONE]

)");
    check_lines(outcome, {"start id=chatcmpl-1 model=gpt-4o-mini", "text Hel", "text lo, wörld",
                          "usage in=82 out=17 cached=64 reasoning=5", "finish stop"});
    BOOST_TEST(outcome.response.text == "Hello, wörld");
}

BOOST_AUTO_TEST_CASE(tool_calls_interleaved_by_index) {
    const auto outcome = stream(
        R"(data: {"id":"c","model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"get_weather","arguments":""}}]}}]}

data: {"id":"c","model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"get_time","arguments":"{\"tz\":"}}]}}]}

data: {"id":"c","model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]}}]}

data: {"id":"c","model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"\"CET\"}"}}]}}]}

data: {"id":"c","model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]}}]}

data: {"id":"c","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}

data: [DONE]

)");
    check_lines(outcome, {"start id=c model=m", "tool_start 0 call_a get_weather", "tool_start 1 call_b get_time",
                          "tool_delta 1 {\"tz\":", "tool_delta 0 {\"city\":", "tool_delta 1 \"CET\"}",
                          "tool_delta 0 \"Paris\"}", "finish tool_calls"});
    BOOST_REQUIRE_EQUAL(outcome.response.tool_calls.size(), 2u);
    BOOST_TEST(outcome.response.tool_calls[0].arguments == R"({"city":"Paris"})");
    BOOST_TEST(outcome.response.tool_calls[1].arguments == R"({"tz":"CET"})");
}

BOOST_AUTO_TEST_CASE(tool_calls_without_index_whole_or_reusing_index) {
    // No index: a new id starts a new call; whole calls arrive in one delta.
    auto outcome = stream(
        R"(data: {"choices":[{"delta":{"tool_calls":[{"id":"call_1","function":{"name":"a","arguments":"{\"x\":1}"}}]}}]}

data: {"choices":[{"delta":{"tool_calls":[{"id":"call_2","function":{"name":"b","arguments":"{"}}]}}]}

data: {"choices":[{"delta":{"tool_calls":[{"function":{"arguments":"}"}}]}}]}

data: {"choices":[{"delta":{},"finish_reason":"stop"}]}

data: [DONE]

)");
    // finish "stop" with tool calls is reported as tool_calls (clones do send it).
    check_lines(outcome, {"start id= model=", "tool_start 0 call_1 a", "tool_delta 0 {\"x\":1}",
                          "tool_start 1 call_2 b", "tool_delta 1 {", "tool_delta 1 }", "finish tool_calls"});

    // Every call numbered 0, told apart by id.
    outcome = stream(
        R"(data: {"choices":[{"delta":{"tool_calls":[{"index":0,"id":"call_1","function":{"name":"a","arguments":"{}"}}]}}]}

data: {"choices":[{"delta":{"tool_calls":[{"index":0,"id":"call_2","function":{"name":"b","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}

data: [DONE]

)");
    check_lines(outcome, {"start id= model=", "tool_start 0 call_1 a", "tool_delta 0 {}", "tool_start 1 call_2 b",
                          "tool_delta 1 {}", "finish tool_calls"});

    // No id at all (some local servers), and arguments as an object: an id is made up.
    outcome = stream(
        R"(data: {"choices":[{"delta":{"tool_calls":[{"function":{"name":"a","arguments":{"k":"v"}}}]},"finish_reason":"tool_calls"}]}

data: [DONE]

)");
    check_lines(outcome,
                {"start id= model=", "tool_start 0 call_0 a", "tool_delta 0 {\"k\":\"v\"}", "finish tool_calls"});
}

BOOST_AUTO_TEST_CASE(reasoning_content_and_reasoning_deltas) {
    auto outcome = stream(
        R"(data: {"id":"r","model":"deepseek-reasoner","choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"Think"}}]}

data: {"id":"r","model":"deepseek-reasoner","choices":[{"index":0,"delta":{"reasoning_content":"ing."}}]}

data: {"id":"r","model":"deepseek-reasoner","choices":[{"index":0,"delta":{"content":"42"},"finish_reason":"stop"}]}

data: [DONE]

)");
    check_lines(outcome, {"start id=r model=deepseek-reasoner", "reasoning Think", "reasoning ing.",
                          "state -1 origin=openai-chat/openai", "text 42", "finish stop"});
    BOOST_TEST(outcome.response.reasoning == "Thinking.");

    // OpenRouter / newer vLLM say `reasoning`; a server sending both fields sends the text once.
    outcome = stream(
        R"(data: {"choices":[{"delta":{"reasoning":"Hmm"}}]}

data: {"choices":[{"delta":{"reasoning":"Hmm2","reasoning_content":"Hmm2"}}]}

data: {"choices":[{"delta":{"content":"ok"},"finish_reason":"length"}]}

data: [DONE]

)");
    check_lines(outcome, {"start id= model=", "reasoning Hmm", "reasoning Hmm2", "state -1 origin=openai-chat/openai",
                          "text ok", "finish length"});
}

BOOST_AUTO_TEST_CASE(azure_filter_chunks_comments_and_crlf_are_skipped) {
    const auto outcome = stream(
        ": OPENROUTER PROCESSING\r\n\r\n"
        "data: {\"choices\":[],\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{}}]}\r\n\r\n"
        "data: {\"id\":\"az\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},"
        "\"content_filter_results\":{}}]}\r\n\r\n"
        ": keep-alive\r\n\r\n"
        "data: "
        "{\"id\":\"az\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"content_"
        "filter\"}]}\r\n\r\n"
        "data: [DONE]\r\n\r\n");
    check_lines(outcome, {"start id=az model=gpt-4o", "text Hi", "finish content_filter"});
}

BOOST_AUTO_TEST_CASE(groq_usage_under_x_groq) {
    const auto outcome = stream(
        R"(data: {"id":"g","model":"llama","choices":[{"index":0,"delta":{"content":"Yo"}}]}

data: {"id":"g","model":"llama","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"x_groq":{"id":"req_1","usage":{"prompt_tokens":3,"completion_tokens":1}}}

data: [DONE]

)");
    check_lines(outcome,
                {"start id=g model=llama", "text Yo", "usage in=3 out=1 cached=-1 reasoning=-1", "finish stop"});
}

BOOST_AUTO_TEST_CASE(error_event_mid_stream_is_typed) {
    auto outcome = stream(
        R"(data: {"id":"e","model":"m","choices":[{"index":0,"delta":{"content":"par"}}]}

data: {"error":{"message":"Provider returned error","code":429,"metadata":{"provider_name":"X"}}}

)");
    check_lines(outcome, {"start id=e model=m", "text par",
                          "error rate_limited http=429 retry=-1 openai: Provider returned error (HTTP 429)"});

    outcome = stream(R"(data: {"error":{"message":"The server is overloaded","type":"overloaded_error"}}

)");
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_OVERLOADED);

    outcome = stream(
        R"(data: {"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}

)");
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_QUOTA_EXHAUSTED);
}

BOOST_AUTO_TEST_CASE(stream_cut_before_done_is_malformed) {
    const auto outcome = stream(
        R"(data: {"id":"t","model":"m","choices":[{"index":0,"delta":{"content":"Hel"}}]}

data: {"id":"t","model":"m","choices":[{"index":0,"delta":{"content":"lo"}}]}

)");
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_MALFORMED_RESPONSE);
    BOOST_TEST(std::string(outcome.error->what()).find("stream ended before [DONE]") != std::string::npos);
    BOOST_TEST(outcome.response.text == "Hello"); // what arrived was delivered
}

BOOST_AUTO_TEST_CASE(stream_cut_mid_event_is_malformed) {
    const auto outcome = stream(R"(data: {"id":"t","model":"m","choices":[{"index":0,"delta":{"content":"Hel"}}]}

data: {"id":"t","model":"m","choi)");
    check_lines(outcome,
                {"start id=t model=m", "text Hel",
                 "error malformed_response http=0 retry=-1 openai: stream ended before [DONE] (the response is "
                 "incomplete)"});
}

BOOST_AUTO_TEST_CASE(finish_without_done_is_tolerated) {
    const auto outcome =
        stream(R"(data: {"id":"t","model":"m","choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}

)");
    check_lines(outcome, {"start id=t model=m", "text ok", "finish stop"});
}

BOOST_AUTO_TEST_CASE(done_without_final_blank_line_is_accepted) {
    const auto outcome = stream("data: {\"choices\":[{\"delta\":{\"content\":\"ok\"}}]}\n\ndata: [DONE]");
    check_lines(outcome, {"start id= model=", "text ok", "finish stop"});
}

BOOST_AUTO_TEST_CASE(non_json_data_is_malformed) {
    const auto outcome = stream("data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\ndata: <html>oops</html>\n\n");
    check_lines(outcome, {"start id= model=", "text a",
                          "error malformed_response http=0 retry=-1 openai: stream event is not a JSON object: "
                          "<html>oops</html>"});
}

BOOST_AUTO_TEST_CASE(transport_failure_mid_stream) {
    auto response = CannedResponse::sse("data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n");
    response.transport_error = LLMH_ERR_TIMEOUT;
    response.transport_message = "stream idle for 300000 ms";
    auto outcome = chat_at_every_split(response, user_request("hi"));
    check_lines(outcome,
                {"start id= model=", "text a",
                 "error malformed_response http=0 retry=-1 openai: stream ended before [DONE] (the response is "
                 "incomplete; stream idle for 300000 ms)"});

    // A finish_reason already arrived: the answer is complete.
    response.body = "data: {\"choices\":[{\"delta\":{\"content\":\"a\"},\"finish_reason\":\"stop\"}]}\n\n";
    outcome = chat_at_every_split(response, user_request("hi"));
    check_lines(outcome, {"start id= model=", "text a", "finish stop"});
}

BOOST_AUTO_TEST_CASE(transport_failure_before_any_response_keeps_its_class) {
    CannedResponse refused;
    refused.status = 0;
    refused.transport_error = LLMH_ERR_NETWORK;
    refused.transport_message = "connect to 127.0.0.1:9: connection refused";
    FakeHost fake;
    fake.responses.push_back(refused);
    OpenAICompatibleClient client(openai_config());
    const auto outcome = run_chat(fake, client, user_request("hi"));
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_NETWORK);
    BOOST_TEST(outcome.lines.empty());
}

BOOST_AUTO_TEST_CASE(streaming_request_answered_with_plain_json) {
    const auto outcome = chat_at_every_split(
        CannedResponse::json(
            200, R"({"id":"x","model":"m","choices":[{"message":{"content":"whole"},"finish_reason":"stop"}]})"),
        user_request("hi"));
    check_lines(outcome, {"start id=x model=m", "text whole", "finish stop"});
}

BOOST_AUTO_TEST_CASE(host_stop_cancels_the_stream) {
    FakeHost fake;
    fake.responses.push_back(CannedResponse::sse("data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\ndata: "
                                                 "{\"choices\":[{\"delta\":{\"content\":\"b\"}}]}\n\n"
                                                 "data: [DONE]\n\n"));
    OpenAICompatibleClient client(openai_config());
    auto ctx = fake.context("sk");
    Call call(fake.host(), &ctx);
    EventRecorder recorder;
    recorder.stop_after = 2; // message_start, then "a": stop
    EventSink sink(recorder.sink());
    try {
        client.chat(user_request("hi"), call, sink);
        BOOST_FAIL("expected cancellation");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_CANCELLED);
    }
    BOOST_TEST(recorder.events.size() == 2u);
}

// Prompt-cache reads and writes as each dialect reports them: OpenAI's details, DeepSeek's
// prompt_cache_hit_tokens, Moonshot's top-level cached_tokens, OpenRouter's cache_write_tokens.
BOOST_AUTO_TEST_CASE(cache_usage_of_every_dialect) {
    const auto usage_line = [](const std::string& usage) {
        const auto outcome = stream(R"(data: {"choices":[{"delta":{"content":"x"},"finish_reason":"stop"}]}

data: {"choices":[],"usage":)" + usage +
                                    R"(}

data: [DONE]

)");
        return outcome.lines.at(2);
    };
    BOOST_TEST(usage_line(R"({"prompt_tokens":100,"completion_tokens":5,"prompt_cache_hit_tokens":64,)"
                          R"("prompt_cache_miss_tokens":36,"completion_tokens_details":{"reasoning_tokens":3}})") ==
               "usage in=100 out=5 cached=64 reasoning=3");
    BOOST_TEST(usage_line(R"({"prompt_tokens":100,"completion_tokens":5,"cached_tokens":80})") ==
               "usage in=100 out=5 cached=80 reasoning=-1");
    BOOST_TEST(
        usage_line(R"({"prompt_tokens":194,"completion_tokens":2,)"
                   R"("prompt_tokens_details":{"cached_tokens":0,"cache_write_tokens":100,"audio_tokens":0}})") ==
        "usage in=194 out=2 cached=0 reasoning=-1 cache_write=100");
    // OpenAI's own field wins over the others.
    BOOST_TEST(usage_line(R"({"prompt_tokens":9,"completion_tokens":1,"prompt_tokens_details":{"cached_tokens":4},)"
                          R"("prompt_cache_hit_tokens":5})") == "usage in=9 out=1 cached=4 reasoning=-1");
}

namespace {

ChatOutcome copilot_stream(const std::string& body) {
    OpenAIWireOptions wire;
    wire.reasoning_origin = "copilot";
    OpenAICompatibleClient client(openai_config("copilot"), wire);
    return same_outcome_at_every_split(CannedResponse::sse(body), [&](CannedResponse r) {
        FakeHost fake;
        fake.responses.push_back(std::move(r));
        return run_chat(fake, client, user_request("hi"));
    });
}

} // namespace

// Copilot (Claude and Gemini models) streams reasoning_text, and its state as reasoning_opaque
// — here with the first tool call, so one block carries both.
BOOST_AUTO_TEST_CASE(reasoning_opaque_is_the_state_of_the_reasoning) {
    auto outcome = copilot_stream(
        R"(data: {"id":"cp","model":"claude-sonnet-4","choices":[{"index":0,"delta":{"role":"assistant","reasoning_text":"Need "}}]}

data: {"id":"cp","model":"claude-sonnet-4","choices":[{"index":0,"delta":{"reasoning_text":"weather."}}]}

data: {"id":"cp","model":"claude-sonnet-4","choices":[{"index":0,"delta":{"reasoning_opaque":"sig/abc==","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]}}]}

data: {"id":"cp","model":"claude-sonnet-4","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}

data: [DONE]

)");
    check_lines(outcome, {"start id=cp model=claude-sonnet-4", "reasoning Need ", "reasoning weather.",
                          "state -1 origin=copilot data=sig/abc==", "tool_start 0 call_1 get_weather",
                          "tool_delta 0 {}", "finish tool_calls"});
    // In pieces and after the answer began: a block of its own, the pieces joined.
    outcome = copilot_stream(
        R"(data: {"choices":[{"delta":{"reasoning_text":"Hm."}}]}

data: {"choices":[{"delta":{"content":"Hi"}}]}

data: {"choices":[{"delta":{"reasoning_opaque":"AB"}}]}

data: {"choices":[{"delta":{"reasoning_opaque":"CD"},"finish_reason":"stop"}]}

data: [DONE]

)");
    check_lines(outcome, {"start id= model=", "reasoning Hm.", "state -1 origin=copilot", "text Hi",
                          "state -1 origin=copilot data=ABCD", "finish stop"});
}
