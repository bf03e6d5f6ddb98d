// "stream": false: Ollama answers with one object of the stream's shape, which must give the
// same canonical events a stream would.
#include "plugins/ollama/tests/test_support.hpp"
#include "unit/fake_host_services.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

using Lines = std::vector<std::string>;

Lines chat_lines(const std::string& body, bool stream = false) {
    FakeHost fake;
    if (stream) {
        CannedResponse r;
        r.headers = {{"Content-Type", "application/x-ndjson"}};
        r.body = body;
        fake.responses.push_back(std::move(r));
    } else {
        fake.responses.push_back(CannedResponse::json(200, body));
    }
    AbiProvider provider(ollama_table(), fake, "ollama", ollama_config());
    auto ctx = fake.context();
    EventRecorder recorder;
    const std::string request = R"({"model":"qwen3","stream":)" + std::string(stream ? "true" : "false") +
                                R"(,"messages":[{"role":"user","content":"hi"}]})";
    const auto error = provider.chat(ctx, request, recorder);
    BOOST_REQUIRE_MESSAGE(!error, (error ? error->what() : ""));
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 1u);
    BOOST_TEST(fake.requests[0].json().at("stream").as_bool() == stream);
    return recorder.lines();
}

const std::string whole_reply =
    R"({"model":"qwen3","created_at":"2025-07-07T20:22:19.19Z","message":{"role":"assistant","content":"It is sunny.","thinking":"Check the tool.","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Tokyo"}}}]},"done":true,"done_reason":"stop","total_duration":1,"prompt_eval_count":12,"eval_count":34})";

} // namespace

BOOST_AUTO_TEST_CASE(one_object_gives_the_events_of_a_stream) {
    const Lines expected{"start id= model=qwen3",
                         "reasoning Check the tool.",
                         "state -1 origin=ollama",
                         "text It is sunny.",
                         "tool_start 0 call_0 get_weather",
                         R"(tool_delta 0 {"city":"Tokyo"})",
                         "usage in=12 out=34 cached=-1 reasoning=-1",
                         "finish tool_calls"};
    BOOST_TEST(chat_lines(whole_reply) == expected, boost::test_tools::per_element());
    BOOST_TEST(chat_lines(whole_reply + "\n", true) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_single_object_is_final_even_without_done) {
    BOOST_TEST(
        chat_lines(R"({"model":"qwen3","message":{"role":"assistant","content":"hi"},"done_reason":"length"})") ==
            (Lines{"start id= model=qwen3", "text hi", "usage in=0 out=0 cached=-1 reasoning=-1", "finish length"}),
        boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(pretty_printed_bodies_are_read) {
    BOOST_TEST(
        chat_lines("{\n  \"model\": \"qwen3\",\n  \"message\": {\"content\": \"hi\"},\n  \"done\": true\n}\n") ==
            (Lines{"start id= model=qwen3", "text hi", "usage in=0 out=0 cached=-1 reasoning=-1", "finish stop"}),
        boost::test_tools::per_element());
}
