// Ollama /api/chat NDJSON streams -> canonical events. Every case replays the body cut at
// every byte offset (and byte by byte) through the plugin's C table and requires the same
// events and error each time.
#include "plugins/ollama/tests/test_support.hpp"
#include "unit/fake_host_services.hpp"

#include <boost/test/unit_test.hpp>

#include <optional>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

using Lines = std::vector<std::string>;

const std::string request =
    R"({"model":"llama3.2","stream":true,"messages":[{"role":"user","content":"Weather in Tokyo?"}]})";

// Events then, if the call failed, "error <class> http=<status> <message>".
Lines transcript(const EventRecorder& recorder, const std::optional<Error>& error) {
    Lines out = recorder.lines();
    if (error)
        out.push_back("error " + std::string(error_class_name(error->error_class())) +
                      " http=" + std::to_string(error->http_status()) + " " + error->what());
    return out;
}

Lines run_once(CannedResponse response, int stop_after = -1) {
    FakeHost fake;
    fake.responses.push_back(std::move(response));
    AbiProvider provider(ollama_table(), fake, "ollama", ollama_config());
    auto ctx = fake.context();
    EventRecorder recorder;
    recorder.stop_after = stop_after;
    const auto error = provider.chat(ctx, request, recorder);
    return transcript(recorder, error);
}

CannedResponse ndjson(std::string body) {
    CannedResponse r;
    r.headers = {{"Content-Type", "application/x-ndjson"}};
    r.body = std::move(body);
    return r;
}

// The transcript of `body`, required to be the same at every split.
Lines stream(const std::string& body, int32_t transport_error = LLMH_OK) {
    std::optional<Lines> first;
    for (size_t cut = 0; cut <= body.size() + 1; ++cut) {
        CannedResponse r = ndjson(body);
        r.transport_error = transport_error;
        if (cut <= body.size())
            r.cuts = {cut};
        else
            r.byte_by_byte = true;
        const Lines got = run_once(std::move(r));
        if (!first) {
            first = got;
            continue;
        }
        BOOST_TEST_INFO("body cut " << (cut <= body.size() ? "at byte " + std::to_string(cut) : "byte by byte"));
        BOOST_REQUIRE_EQUAL_COLLECTIONS(got.begin(), got.end(), first->begin(), first->end());
    }
    return *first;
}

std::string line(const std::string& message, const std::string& tail = R"("done":false)") {
    return R"({"model":"llama3.2","created_at":"2025-07-07T20:22:19.18Z","message":{"role":"assistant",)" + message +
           "}," + tail + "}\n";
}

const std::string done_line =
    R"({"model":"llama3.2","created_at":"2025-07-07T20:22:19.19Z","message":{"role":"assistant","content":""},"done_reason":"stop","done":true,"total_duration":182242375,"load_duration":1000,"prompt_eval_count":169,"prompt_eval_duration":5,"eval_count":15,"eval_duration":7})"
    "\n";

void check(const Lines& got, const Lines& expected) { BOOST_TEST(got == expected, boost::test_tools::per_element()); }

} // namespace

BOOST_AUTO_TEST_CASE(text_deltas_and_usage) {
    check(stream(line(R"("content":"The")") + line(R"("content":" sky, wörld")") + done_line),
          {"start id= model=llama3.2", "text The", "text  sky, wörld", "usage in=169 out=15 cached=-1 reasoning=-1",
           "finish stop"});
}

BOOST_AUTO_TEST_CASE(thinking_becomes_reasoning) {
    // Its state (origin ollama) ends it where the answer begins: the thinking goes back with its turn.
    check(stream(line(R"("content":"","thinking":"Let me ")") + line(R"("content":"","thinking":"think.")") +
                 line(R"("content":"Blue.")") + done_line),
          {"start id= model=llama3.2", "reasoning Let me ", "reasoning think.", "state -1 origin=ollama", "text Blue.",
           "usage in=169 out=15 cached=-1 reasoning=-1", "finish stop"});
}

BOOST_AUTO_TEST_CASE(thinking_ends_at_a_tool_call_or_with_the_reply) {
    check(stream(line(R"("content":"","thinking":"Weather tool.")") +
                 line(R"("content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{}}}])") + done_line),
          {"start id= model=llama3.2", "reasoning Weather tool.", "state -1 origin=ollama",
           "tool_start 0 call_0 get_weather", "tool_delta 0 {}", "usage in=169 out=15 cached=-1 reasoning=-1",
           "finish tool_calls"});
    check(stream(line(R"("content":"","thinking":"Hmm.")") + done_line),
          {"start id= model=llama3.2", "reasoning Hmm.", "state -1 origin=ollama",
           "usage in=169 out=15 cached=-1 reasoning=-1", "finish stop"});
}

BOOST_AUTO_TEST_CASE(whole_tool_calls_with_and_without_ids) {
    check(stream(line(R"("content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Tokyo"}}},)"
                      R"({"id":"call_xyz","function":{"index":1,"name":"get_time","arguments":{}}}])") +
                 line(R"("content":"","tool_calls":[{"function":{"name":"get_news","arguments":"{\"q\":\"x\"}"}}])") +
                 done_line),
          {"start id= model=llama3.2", "tool_start 0 call_0 get_weather", R"(tool_delta 0 {"city":"Tokyo"})",
           "tool_start 1 call_xyz get_time", "tool_delta 1 {}", "tool_start 2 call_2 get_news",
           R"(tool_delta 2 {"q":"x"})", "usage in=169 out=15 cached=-1 reasoning=-1", "finish tool_calls"});
}

BOOST_AUTO_TEST_CASE(missing_counts_are_zero) {
    check(stream(line(R"("content":"hi")") +
                 R"({"model":"llama3.2","message":{"role":"assistant","content":""},"done":true})"
                 "\n"),
          {"start id= model=llama3.2", "text hi", "usage in=0 out=0 cached=-1 reasoning=-1", "finish stop"});
}

BOOST_AUTO_TEST_CASE(done_reasons) {
    const auto last = [](const std::string& reason) {
        return stream(line(R"("content":"x")") +
                      line(R"("content":"")", R"("done":true,"done_reason":")" + reason + "\""))
            .back();
    };
    BOOST_TEST(last("length") == "finish length");
    BOOST_TEST(last("stop") == "finish stop");
    BOOST_TEST(last("load") == "finish stop");
    BOOST_TEST(last("something-new") == "finish stop");
}

BOOST_AUTO_TEST_CASE(error_line_on_http_200) {
    check(stream(line(R"("content":"par")") +
                 R"({"error":"an error was encountered while running the model: GGML_ASSERT failed"})"
                 "\n"),
          {"start id= model=llama3.2", "text par",
           "error server_error http=0 ollama: an error was encountered while running the model: GGML_ASSERT failed "
           "(reported in the stream)"});
    check(stream(R"({"error":"model 'llama9' not found"})"
                 "\n"),
          {"error not_found http=0 ollama: model 'llama9' not found (reported in the stream)"});
}

BOOST_AUTO_TEST_CASE(stream_without_its_final_line_is_malformed) {
    const std::string incomplete =
        "error malformed_response http=0 ollama: the stream ended before its final line (done:true); the reply is "
        "incomplete";
    check(stream(line(R"("content":"cut")")), {"start id= model=llama3.2", "text cut", incomplete});
    // A final line cut in half is not a final line.
    const std::string half = done_line.substr(0, done_line.size() / 2);
    check(stream(line(R"("content":"cut")") + half), {"start id= model=llama3.2", "text cut", incomplete});
    check(stream(""), {incomplete});
}

BOOST_AUTO_TEST_CASE(final_line_without_newline_and_crlf_are_accepted) {
    const std::string last = done_line.substr(0, done_line.size() - 1);
    check(stream(line(R"("content":"a")") + last),
          {"start id= model=llama3.2", "text a", "usage in=169 out=15 cached=-1 reasoning=-1", "finish stop"});
    std::string crlf = line(R"("content":"a")");
    crlf.insert(crlf.size() - 1, "\r");
    check(stream(crlf + "\r\n" + done_line),
          {"start id= model=llama3.2", "text a", "usage in=169 out=15 cached=-1 reasoning=-1", "finish stop"});
}

BOOST_AUTO_TEST_CASE(lines_after_the_final_one_are_ignored) {
    check(stream(line(R"("content":"a")") + done_line + line(R"("content":"stray")") + "{not json\n"),
          {"start id= model=llama3.2", "text a", "usage in=169 out=15 cached=-1 reasoning=-1", "finish stop"});
}

BOOST_AUTO_TEST_CASE(a_line_that_is_not_json_is_malformed) {
    const auto got = stream(line(R"("content":"a")") + "<html>proxy error</html>\n" + done_line);
    BOOST_REQUIRE_EQUAL(got.size(), 3u);
    BOOST_TEST(got[2] ==
               "error malformed_response http=0 ollama: stream line is not a JSON object: <html>proxy error</html>");
}

BOOST_AUTO_TEST_CASE(a_connection_lost_mid_stream_is_an_incomplete_reply) {
    check(stream(line(R"("content":"par")"), LLMH_ERR_NETWORK),
          {"start id= model=llama3.2", "text par",
           "error malformed_response http=0 ollama: the stream ended before its final line (done:true); the reply is "
           "incomplete (connection reset by peer)"});
    // Lost after the final line: the reply is complete.
    check(stream(line(R"("content":"a")") + done_line, LLMH_ERR_NETWORK),
          {"start id= model=llama3.2", "text a", "usage in=169 out=15 cached=-1 reasoning=-1", "finish stop"});
}

BOOST_AUTO_TEST_CASE(the_sink_can_stop_the_stream) {
    const auto got = run_once(ndjson(line(R"("content":"a")") + line(R"("content":"b")") + done_line), 2);
    check(got, {"start id= model=llama3.2", "text a", "error cancelled http=0 ollama: stopped by the host"});
}
