// The OpenAI-compatible client's non-streaming chat, embeddings and model listing. The openai
// plugin itself, called through its C table, is tested in plugins/openai/tests/provider_test.cpp.
#include "openai_test_support.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::testing;

BOOST_AUTO_TEST_CASE(non_streaming_text_with_usage) {
    FakeHost fake;
    fake.responses.push_back(CannedResponse::json(
        200, R"({"id":"chatcmpl-A1","object":"chat.completion","created":1735689600,"model":"gpt-4o-mini-2024-07-18",
 "choices":[{"index":0,"finish_reason":"length","logprobs":null,"message":{"role":"assistant","content":"Hello there","refusal":null}}],
 "usage":{"prompt_tokens":82,"completion_tokens":17,"total_tokens":99,"prompt_tokens_details":{"cached_tokens":3},"completion_tokens_details":{"reasoning_tokens":0}},
 "system_fingerprint":"fp_x","service_tier":"default"})"));
    OpenAICompatibleClient client(openai_config());
    const auto outcome = run_chat(fake, client, user_request("hi", false));
    BOOST_REQUIRE(!outcome.error);
    const std::vector<std::string> expected{"start id=chatcmpl-A1 model=gpt-4o-mini-2024-07-18", "text Hello there",
                                            "usage in=82 out=17 cached=3 reasoning=0", "finish length"};
    BOOST_TEST(outcome.lines == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(non_streaming_tool_calls_and_reasoning) {
    FakeHost fake;
    fake.responses.push_back(
        CannedResponse::json(200, R"({"id":"c","model":"m","choices":[{"index":0,"finish_reason":"tool_calls",
 "message":{"role":"assistant","content":null,"reasoning_content":"Need weather.","tool_calls":[
   {"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
   {"id":"call_def","type":"function","function":{"name":"get_time","arguments":"{}"}}]}}]})"));
    OpenAICompatibleClient client(openai_config());
    const auto outcome = run_chat(fake, client, user_request("hi", false));
    BOOST_REQUIRE(!outcome.error);
    const std::vector<std::string> expected{"start id=c model=m",
                                            "reasoning Need weather.",
                                            "state -1 origin=openai-chat/openai",
                                            "tool_start 0 call_abc get_weather",
                                            "tool_delta 0 {\"city\":\"Paris\"}",
                                            "tool_start 1 call_def get_time",
                                            "tool_delta 1 {}",
                                            "finish tool_calls"};
    BOOST_TEST(outcome.lines == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(absurd_usage_numbers_are_ignored) {
    FakeHost fake;
    fake.responses.push_back(CannedResponse::json(
        200,
        R"({"choices":[{"message":{"content":"x"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1e30,"completion_tokens":2.0}})"));
    OpenAICompatibleClient client(openai_config());
    const auto outcome = run_chat(fake, client, user_request("hi", false));
    BOOST_REQUIRE(!outcome.error);
    BOOST_TEST(outcome.response.usage.input_tokens == -1);
    BOOST_TEST(outcome.response.usage.output_tokens == 2);
}

BOOST_AUTO_TEST_CASE(embeddings_request_and_result) {
    FakeHost fake;
    fake.responses.push_back(CannedResponse::json(200, R"({"object":"list","data":[
        {"object":"embedding","index":1,"embedding":[0.5,-0.25]},
        {"object":"embedding","index":0,"embedding":[0.125,1]}],
      "model":"text-embedding-3-small","usage":{"prompt_tokens":4,"total_tokens":4}})"));
    OpenAICompatibleClient client(openai_config());
    auto ctx = fake.context("sk-e");
    Call call(fake.host(), &ctx);
    const auto result = client.embed(EmbedRequest{"text-embedding-3-small", {"a", "b"}}, call);
    BOOST_TEST(result == boost::json::parse(R"({"model":"text-embedding-3-small","data":[
        {"index":0,"embedding":[0.125,1]},{"index":1,"embedding":[0.5,-0.25]}],"usage":{"input_tokens":4}})"),
               boost::json::serialize(result));
    const auto& sent = fake.requests.at(0);
    BOOST_TEST(sent.method == "POST");
    BOOST_TEST(sent.url == "https://api.example.test/v1/embeddings");
    BOOST_TEST(sent.json() == boost::json::parse(R"({"model":"text-embedding-3-small","input":["a","b"]})"));
    BOOST_TEST(sent.header("Authorization") == "Bearer sk-e");
}

BOOST_AUTO_TEST_CASE(models_listing) {
    FakeHost fake;
    fake.responses.push_back(CannedResponse::json(200, R"({"object":"list","data":[
        {"id":"gpt-4o","object":"model","created":1,"owned_by":"system"},
        {"id":"local-model","object":"model"}]})"));
    OpenAICompatibleClient client(openai_config());
    auto ctx = fake.context("");
    Call call(fake.host(), &ctx);
    const auto result = client.list_models(call);
    BOOST_TEST(result == boost::json::parse(R"({"models":[{"id":"gpt-4o","owned_by":"system"},{"id":"local-model"}]})"),
               boost::json::serialize(result));
    const auto& sent = fake.requests.at(0);
    BOOST_TEST(sent.method == "GET");
    BOOST_TEST(sent.url == "https://api.example.test/v1/models");
    BOOST_TEST(sent.body.empty());
    BOOST_TEST(!sent.has_header("Authorization"));
    BOOST_TEST(!sent.has_header("Content-Type"));
}

// reasoning_content a server returned goes back to that server on the next turn (DeepSeek and
// the like reject a tool turn without it) — and to no other server.
BOOST_AUTO_TEST_CASE(reasoning_content_goes_back_to_the_server_that_gave_it) {
    ChatRequest r = user_request("weather?");
    Message assistant;
    assistant.role = Role::assistant;
    assistant.tool_calls = {{"call_1", "w", "{}"}};
    assistant.reasoning = {{"Need weather.", {"openai-chat/deepseek", {}, {}, {}}},
                           {"Not mine.", {"anthropic", "sig", {}, {}}}};
    r.messages.push_back(assistant);
    OpenAIWireOptions deepseek;
    deepseek.reasoning_origin = "openai-chat/deepseek";
    const auto to_deepseek = boost::json::parse(openai_chat_body(r, "m", deepseek));
    BOOST_TEST(to_deepseek.at("messages").at(1).at("reasoning_content") == "Need weather.");
    OpenAIWireOptions elsewhere;
    elsewhere.reasoning_origin = "openai-chat/groq";
    const auto to_groq = boost::json::parse(openai_chat_body(r, "m", elsewhere));
    BOOST_TEST(!to_groq.at("messages").at(1).as_object().contains("reasoning_content"));
}

BOOST_AUTO_TEST_CASE(non_streaming_reasoning_opaque_is_the_state) {
    FakeHost fake;
    fake.responses.push_back(CannedResponse::json(
        200, R"({"id":"c","model":"gemini-2.5-pro","choices":[{"index":0,"finish_reason":"tool_calls",
 "message":{"role":"assistant","content":null,"reasoning_opaque":"sig==","tool_calls":[
   {"id":"call_1","type":"function","function":{"name":"ls","arguments":"{}"}}]}}],
 "usage":{"prompt_tokens":10,"completion_tokens":2,"prompt_cache_hit_tokens":8}})"));
    OpenAIWireOptions wire;
    wire.reasoning_origin = "copilot";
    OpenAICompatibleClient client(openai_config("copilot"), wire);
    const auto outcome = run_chat(fake, client, user_request("hi", false));
    BOOST_REQUIRE(!outcome.error);
    const std::vector<std::string> expected{"start id=c model=gemini-2.5-pro",
                                            "state -1 origin=copilot data=sig==",
                                            "tool_start 0 call_1 ls",
                                            "tool_delta 0 {}",
                                            "usage in=10 out=2 cached=8 reasoning=-1",
                                            "finish tool_calls"};
    BOOST_TEST(outcome.lines == expected, boost::test_tools::per_element());
}
