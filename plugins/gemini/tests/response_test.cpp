// Whole (non-streamed) Gemini answers -> canonical events: parts, finish reasons, usage and
// bodies that are not answers.
#include "plugins/gemini/tests/test_support.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

const std::string plain_request = gemini_user_request("hi", false);

ChatOutcome answer(const std::string& body, int status = 200) {
    return gemini_chat_at_every_split(CannedResponse::json(status, body), plain_request);
}

} // namespace

BOOST_AUTO_TEST_CASE(whole_answer_with_thoughts_text_call_and_usage) {
    const auto outcome = answer(
        R"json({"candidates":[{"content":{"role":"model","parts":[
              {"text":"Plan: call the tool.","thought":true},
              {"text":"Let me check."},
              {"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"CiQB"},
              {"executableCode":{"language":"PYTHON","code":"print(1)"}}]},
            "finishReason":"STOP","index":0,"safetyRatings":[]}],
          "usageMetadata":{"promptTokenCount":42,"candidatesTokenCount":7,"thoughtsTokenCount":120,"totalTokenCount":169,"cachedContentTokenCount":0},
          "modelVersion":"gemini-2.5-flash","responseId":"xyz"})json");
    const std::vector<std::string> expected{"start id=xyz model=gemini-2.5-flash",
                                            "reasoning Plan: call the tool.",
                                            "text Let me check.",
                                            "tool_start 0 call_0 get_weather",
                                            R"(tool_delta 0 {"city":"Paris"})",
                                            "state 0 origin=gemini signature=CiQB",
                                            "usage in=42 out=127 cached=0 reasoning=120",
                                            "finish tool_calls"};
    const auto got = outcome.transcript();
    BOOST_TEST(got == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(finish_reasons) {
    struct Case {
        std::string reason;
        llmh_finish_reason expected;
    };
    for (const auto& c : std::vector<Case>{{"STOP", LLMH_FINISH_STOP},
                                           {"MAX_TOKENS", LLMH_FINISH_LENGTH},
                                           {"SAFETY", LLMH_FINISH_CONTENT_FILTER},
                                           {"RECITATION", LLMH_FINISH_CONTENT_FILTER},
                                           {"BLOCKLIST", LLMH_FINISH_CONTENT_FILTER},
                                           {"PROHIBITED_CONTENT", LLMH_FINISH_CONTENT_FILTER},
                                           {"SPII", LLMH_FINISH_CONTENT_FILTER},
                                           {"IMAGE_SAFETY", LLMH_FINISH_CONTENT_FILTER},
                                           {"MALFORMED_FUNCTION_CALL", LLMH_FINISH_ERROR},
                                           {"LANGUAGE", LLMH_FINISH_STOP},
                                           {"OTHER", LLMH_FINISH_STOP},
                                           {"SOMETHING_NEW", LLMH_FINISH_STOP}}) {
        FakeHost fake;
        fake.responses.push_back(CannedResponse::json(
            200, R"({"candidates":[{"content":{"parts":[{"text":"x"}]},"finishReason":")" + c.reason + R"("}]})"));
        const auto outcome = gemini_chat(fake, plain_request);
        BOOST_TEST_CONTEXT(c.reason) {
            BOOST_REQUIRE(!outcome.error);
            BOOST_TEST(to_string(outcome.response.finish_reason) == to_string(c.expected));
        }
    }
    // A call cut off by the token limit stays "length"; only a normal stop becomes tool_calls.
    const auto cut = answer(
        R"({"candidates":[{"content":{"parts":[{"functionCall":{"name":"f","args":{}}}]},"finishReason":"MAX_TOKENS"}]})");
    BOOST_TEST(cut.response.finish_reason == LLMH_FINISH_LENGTH);
    // Without a finishReason a whole answer still ended.
    const auto unsaid = answer(R"({"candidates":[{"content":{"parts":[{"text":"x"}]}}]})");
    BOOST_TEST(unsaid.response.finish_reason == LLMH_FINISH_STOP);
}

BOOST_AUTO_TEST_CASE(blocked_prompt_has_no_candidates) {
    const auto outcome =
        answer(R"({"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},"usageMetadata":{"promptTokenCount":9}})");
    BOOST_REQUIRE(!outcome.error);
    BOOST_TEST(outcome.response.finish_reason == LLMH_FINISH_CONTENT_FILTER);
    BOOST_TEST(outcome.response.text.empty());
    BOOST_TEST(outcome.response.usage.input_tokens == 9);
}

BOOST_AUTO_TEST_CASE(bodies_that_are_not_answers) {
    for (const std::string body : {"not json", "[]", "{}", R"({"candidates":[]})", "42"}) {
        const auto outcome = answer(body);
        BOOST_TEST_CONTEXT(body) {
            BOOST_REQUIRE(outcome.error);
            BOOST_TEST(outcome.error->error_class() == LLMH_ERR_MALFORMED_RESPONSE);
        }
    }
    // A 200 that holds an error is that error.
    const auto outcome = answer(R"({"error":{"code":400,"message":"Bad field","status":"INVALID_ARGUMENT"}})");
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_BAD_REQUEST);
    BOOST_TEST(outcome.error->http_status() == 400);
}
