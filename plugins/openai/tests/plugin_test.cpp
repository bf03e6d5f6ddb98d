// The built openai plugin loaded by the host's loader, talking through the host's HTTP client
// to an in-process upstream that speaks the real OpenAI wire format.
#include "integration/plugin_checks.hpp"
#include "integration/plugin_harness.hpp"
#include "support/mock_upstream.hpp"

#include <llmhost/error.hpp>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <string>
#include <vector>

using namespace llmhost;
using namespace llmhost::testing;
using namespace std::chrono_literals;

namespace {

std::string config_json(const std::string& id, const std::string& base_url, boost::json::object options = {}) {
    return provider_config(id, base_url, "gpt-4o-mini", std::move(options));
}

std::unique_ptr<plugins::ProviderInstance> provider_for(const MockUpstream& upstream,
                                                        const std::string& id = "openai") {
    return built_plugin("openai").create(id, config_json(id, upstream.base_url() + "/v1"));
}

void chat(plugins::ProviderInstance& provider, const std::string& request_json, ChatResult& result,
          std::string_view api_key = "sk-integration") {
    run_plugin_chat(provider, request_json, result, with_api_key(api_key));
}

const std::string stream_request =
    R"({"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Weather in Paris?"}],
        "tools":[{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}]})";
const std::string plain_request =
    R"({"model":"gpt-4o-mini","stream":false,"messages":[{"role":"user","content":"hi"}]})";

std::string chunk(const std::string& delta_and_finish) {
    return R"(data: {"id":"chatcmpl-I1","object":"chat.completion.chunk","created":1735689600,"model":"gpt-4o-mini","choices":[{"index":0,)" +
           delta_and_finish + "}]}\n\n";
}

} // namespace

BOOST_AUTO_TEST_CASE(metadata_is_read_without_loading) {
    const auto metadata = built_plugin_metadata("openai");
    std::vector<std::string> ids;
    for (const auto& p : metadata.providers)
        ids.push_back(p.id);
    const std::vector<std::string> expected{"openai",   "openrouter", "groq",      "together",   "mistral",
                                            "deepseek", "xai",        "fireworks", "perplexity", "nvidia",
                                            "lmstudio", "vllm",       "llamacpp"};
    // The catalog taken from ZeroClaw and cagent follows (tests/unit/provider_catalog_test.cpp).
    BOOST_REQUIRE_GE(ids.size(), expected.size());
    ids.resize(expected.size());
    BOOST_TEST(ids == expected, boost::test_tools::per_element());
    for (const auto& p : metadata.providers) {
        // Local servers, and OVHcloud's rate-limited free use.
        const bool keyless = p.id == "lmstudio" || p.id == "vllm" || p.id == "llamacpp" || p.id == "ovhcloud";
        BOOST_TEST(p.keyless == keyless, p.id);
        BOOST_TEST(!p.base_url.empty(), p.id);
        BOOST_TEST(!p.key_env.empty(), p.id);
        BOOST_TEST((p.capabilities & LLMH_CAP_CHAT) != 0u, p.id);
    }
}

BOOST_AUTO_TEST_CASE(streamed_text_tool_call_and_usage) {
    MockUpstream upstream([](const RecordedRequest&) {
        auto r = ScriptedResponse::sse({
            chunk(R"("delta":{"role":"assistant","content":"Let me check."},"finish_reason":null)"),
            ": keep-alive\n\n",
            chunk(
                R"("delta":{"tool_calls":[{"index":0,"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null)"),
            chunk(R"("delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"finish_reason":null)"),
            chunk(R"("delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]},"finish_reason":null)"),
            chunk(R"("delta":{},"finish_reason":"tool_calls")"),
            R"(data: {"id":"chatcmpl-I1","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":82,"completion_tokens":17,"total_tokens":99,"prompt_tokens_details":{"cached_tokens":8},"completion_tokens_details":{"reasoning_tokens":2}}})"
            "\n\n",
            "data: [DONE]\n\n",
        });
        r.delay_between_chunks = 5ms;
        return r;
    });
    auto provider = provider_for(upstream);
    ChatResult result;
    chat(*provider, stream_request, result);
    BOOST_REQUIRE_MESSAGE(!result.error, (result.error ? result.error->what() : ""));
    const auto response = result.events.response();
    BOOST_TEST(response.id == "chatcmpl-I1");
    BOOST_TEST(response.text == "Let me check.");
    check_sole_tool_call(response, "call_abc", "get_weather", R"({"city":"Paris"})");
    BOOST_TEST(response.usage.input_tokens == 82);
    BOOST_TEST(response.usage.output_tokens == 17);
    BOOST_TEST(response.usage.cached_input_tokens == 8);
    BOOST_TEST(response.usage.reasoning_tokens == 2);

    const auto request = sole_request(upstream, "POST", "/v1/chat/completions");
    BOOST_TEST(request.header("Authorization") == "Bearer sk-integration");
    const auto body = boost::json::parse(request.body);
    BOOST_TEST(body.at("stream") == true);
    BOOST_TEST(body.at("stream_options").at("include_usage") == true);
    BOOST_TEST(body.at("tools").at(0).at("function").at("name") == "get_weather");
}

BOOST_AUTO_TEST_CASE(non_streamed_completion) {
    MockUpstream upstream([](const RecordedRequest&) {
        return ScriptedResponse::json(200, R"({"id":"chatcmpl-A1","object":"chat.completion","model":"gpt-4o-mini",
            "choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Hello!"}}],
            "usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}})");
    });
    auto provider = provider_for(upstream, "groq");
    ChatResult result;
    chat(*provider, plain_request, result);
    BOOST_REQUIRE_MESSAGE(!result.error, (result.error ? result.error->what() : ""));
    const std::vector<std::string> expected{"start id=chatcmpl-A1 model=gpt-4o-mini", "text Hello!",
                                            "usage in=5 out=2 cached=-1 reasoning=-1", "finish stop"};
    const auto lines = result.events.lines();
    BOOST_TEST(lines == expected, boost::test_tools::per_element());
    BOOST_TEST(upstream.requests().at(0).header("Accept") == "application/json");
}

BOOST_AUTO_TEST_CASE(each_error_class_over_http) {
    const std::vector<HttpErrorCase> cases{
        {401,
         {},
         R"({"error":{"message":"Incorrect API key provided","code":"invalid_api_key"}})",
         LLMH_ERR_AUTHENTICATION,
         -1},
        {403, {}, R"({"error":{"message":"Region not supported"}})", LLMH_ERR_PERMISSION, -1},
        {404,
         {},
         R"({"error":{"message":"The model does not exist","code":"model_not_found"}})",
         LLMH_ERR_NOT_FOUND,
         -1},
        {400,
         {},
         R"({"error":{"message":"This model's maximum context length is 128000 tokens.","code":"context_length_exceeded"}})",
         LLMH_ERR_CONTEXT_LENGTH,
         -1},
        {400, {}, R"({"error":{"message":"Invalid 'temperature'","param":"temperature"}})", LLMH_ERR_BAD_REQUEST, -1},
        {429,
         {{"Retry-After", "2"}},
         R"({"error":{"message":"Rate limit reached","code":"rate_limit_exceeded"}})",
         LLMH_ERR_RATE_LIMITED,
         2000},
        {429, {{"retry-after-ms", "750"}}, R"({"error":{"message":"Rate limit reached"}})", LLMH_ERR_RATE_LIMITED, 750},
        {429,
         {},
         R"({"error":{"message":"You exceeded your current quota","code":"insufficient_quota"}})",
         LLMH_ERR_QUOTA_EXHAUSTED,
         -1},
        {500, {}, R"({"error":{"message":"The server had an error"}})", LLMH_ERR_SERVER, -1},
        {503, {}, R"({"error":{"message":"The engine is currently overloaded"}})", LLMH_ERR_OVERLOADED, -1},
        {400,
         {},
         R"({"object":"error","message":"This model's maximum context length is 4096 tokens.","code":400})",
         LLMH_ERR_CONTEXT_LENGTH,
         -1},
    };
    check_error_table(
        cases, [](const MockUpstream& upstream) { return provider_for(upstream); }, stream_request, plain_request,
        "sk-secret-integration");
}

BOOST_AUTO_TEST_CASE(mid_stream_error_event) {
    MockUpstream upstream([](const RecordedRequest&) {
        return ScriptedResponse::sse({chunk(R"("delta":{"content":"par"},"finish_reason":null)"),
                                      R"(data: {"error":{"message":"Upstream overloaded","type":"overloaded_error"}})"
                                      "\n\n"});
    });
    auto provider = provider_for(upstream, "openrouter");
    ChatResult result;
    chat(*provider, stream_request, result);
    BOOST_REQUIRE(result.error);
    BOOST_TEST(result.error->error_class() == LLMH_ERR_OVERLOADED);
    BOOST_TEST(result.events.response().text == "par");
}

BOOST_AUTO_TEST_CASE(truncated_streams_are_malformed) {
    const auto hello = ScriptedResponse::sse({chunk(R"("delta":{"content":"Hel"},"finish_reason":null)"),
                                              chunk(R"("delta":{"content":"lo"},"finish_reason":null)")});
    check_truncated_streams(
        hello, [](const MockUpstream& upstream) { return provider_for(upstream); }, stream_request, "sk-integration",
        "stream ended before [DONE]");
}

BOOST_AUTO_TEST_CASE(stream_complete_but_connection_closed_without_done) {
    MockUpstream upstream([](const RecordedRequest&) {
        auto r = ScriptedResponse::sse({chunk(R"("delta":{"content":"ok"},"finish_reason":"stop")")});
        r.close_after_chunks = true;
        return r;
    });
    auto provider = provider_for(upstream);
    ChatResult result;
    chat(*provider, stream_request, result);
    BOOST_REQUIRE_MESSAGE(!result.error, (result.error ? result.error->what() : ""));
    BOOST_TEST(result.events.response().finish_reason == LLMH_FINISH_STOP);
}

BOOST_AUTO_TEST_CASE(embeddings_and_models_over_http) {
    MockUpstream upstream([](const RecordedRequest& r) {
        if (r.target == "/v1/embeddings")
            return ScriptedResponse::json(
                200, R"({"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.5,0.25]}],
                "model":"text-embedding-3-small","usage":{"prompt_tokens":2,"total_tokens":2}})");
        return ScriptedResponse::json(
            200, R"({"object":"list","data":[{"id":"gpt-4o","object":"model","owned_by":"openai"}]})");
    });
    auto provider = provider_for(upstream);
    plugins::CallOptions options;
    options.api_key = "sk-e";
    const auto embedded =
        boost::json::parse(provider->embed(R"({"model":"text-embedding-3-small","input":["hi there"]})", options));
    BOOST_TEST(
        embedded ==
            boost::json::parse(
                R"({"model":"text-embedding-3-small","data":[{"index":0,"embedding":[0.5,0.25]}],"usage":{"input_tokens":2}})"),
        boost::json::serialize(embedded));
    const auto models = boost::json::parse(provider->list_models(options));
    BOOST_TEST(models == boost::json::parse(R"({"models":[{"id":"gpt-4o","owned_by":"openai"}]})"));
    const auto requests = upstream.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 2u);
    BOOST_TEST(requests[1].method == "GET");
    BOOST_TEST(requests[1].target == "/v1/models");
}

BOOST_AUTO_TEST_CASE(two_calls_two_keys_and_a_keyless_one) {
    MockUpstream upstream([](const RecordedRequest&) { return ScriptedResponse::sse({"data: [DONE]\n\n"}); });
    auto provider = provider_for(upstream, "vllm");
    for (std::string key : {"key-one", "key-two", ""}) {
        ChatResult result;
        chat(*provider, stream_request, result, key);
        BOOST_REQUIRE(!result.error);
    }
    const auto requests = upstream.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 3u);
    BOOST_TEST(requests[0].header("Authorization") == "Bearer key-one");
    BOOST_TEST(requests[1].header("Authorization") == "Bearer key-two");
    BOOST_TEST(requests[2].header("Authorization").empty());
}

BOOST_AUTO_TEST_CASE(create_rejects_unknown_options_through_the_loader) {
    try {
        built_plugin("openai").create("groq", config_json("groq", "http://127.0.0.1:1/v1", {{"temperature", 1}}));
        BOOST_FAIL("expected the plugin to refuse the option");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_INVALID_CONFIG);
        BOOST_TEST(std::string(e.what()).find("known options: max_tokens_field, include_usage") != std::string::npos,
                   e.what());
    }
}
