// The OpenAI-compatible client's non-streaming chat, embeddings and model listing, and the
// openai plugin itself called through its C table (options, base URL, headers, keys).
#include "openai_test_support.hpp"

#include "plugins/openai/openai_provider.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

const llmh_plugin& openai_plugin_table() {
    return *plugin_detail::Adapter<&openai_plugin::make_provider>::table("openai", "test");
}

// What create() reports for `config_json`, or nullopt when it accepts it.
std::optional<Error> create_error(std::string_view id, const std::string& config_json) {
    FakeHost fake;
    try {
        AbiProvider provider(openai_plugin_table(), fake, id, config_json);
    } catch (const Error& e) {
        return e;
    }
    return std::nullopt;
}

// Headers of one streamed chat through the plugin created with `config_json`.
SeenRequest
plugin_request(std::string_view id, const std::string& config_json, std::string_view key = "sk-key",
               std::string request_json =
                   R"({"model":"m","stream":true,"max_tokens":7,"messages":[{"role":"user","content":"hi"}]})") {
    FakeHost fake;
    AbiProvider provider(openai_plugin_table(), fake, id, config_json);
    fake.responses.push_back(CannedResponse::sse("data: [DONE]\n\n"));
    const auto error = chat_through_table(fake, provider, request_json, key).error;
    BOOST_REQUIRE_MESSAGE(!error, (error ? error->what() : ""));
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 1u);
    return fake.requests.front();
}

} // namespace

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

// ---- the openai plugin through its C table -------------------------------------------------

BOOST_AUTO_TEST_CASE(plugin_accepts_any_provider_id_with_a_base_url) {
    for (std::string id : {"openai", "groq", "my-company-llm", "custom:http://10.0.0.5:8000/v1"})
        BOOST_TEST(!create_error(id, provider_config(id, "http://10.0.0.5:8000/v1")).has_value(), id);
}

BOOST_AUTO_TEST_CASE(plugin_needs_a_base_url) {
    const auto error = create_error("my-llm", provider_config("my-llm", ""));
    BOOST_REQUIRE(error);
    BOOST_TEST(error->error_class() == LLMH_ERR_INVALID_CONFIG);
    BOOST_TEST(std::string(error->what()).find("needs a base_url") != std::string::npos);
    const auto bad_scheme = create_error("my-llm", provider_config("my-llm", "localhost:8000"));
    BOOST_REQUIRE(bad_scheme);
    BOOST_TEST(bad_scheme->error_class() == LLMH_ERR_INVALID_CONFIG);
}

BOOST_AUTO_TEST_CASE(plugin_rejects_unknown_options_naming_the_known_ones) {
    const auto error =
        create_error("groq", provider_config("groq", "https://api.groq.com/openai/v1", "", {{"max_token_field", "x"}}));
    BOOST_REQUIRE(error);
    BOOST_TEST(error->error_class() == LLMH_ERR_INVALID_CONFIG);
    BOOST_TEST(std::string(error->what()) ==
               "groq: unknown option 'max_token_field' (known options: max_tokens_field, "
               "include_usage, organization, project, forward_betas, drop_betas, wire_api, "
               "responses_models)");
    // OpenRouter's attribution options belong to OpenRouter only.
    BOOST_TEST(create_error("groq", provider_config("groq", "https://api.groq.com/openai/v1", "", {{"app_url", "x"}}))
                   .has_value());
    BOOST_TEST(!create_error("openrouter",
                             provider_config("openrouter", "https://openrouter.ai/api/v1", "", {{"app_url", "x"}}))
                    .has_value());

    const auto bad_value =
        create_error("groq", provider_config("groq", "https://x.test", "", {{"max_tokens_field", "tokens"}}));
    BOOST_REQUIRE(bad_value);
    BOOST_TEST(std::string(bad_value->what()).find("\"max_tokens\" or \"max_completion_tokens\"") != std::string::npos);
    const auto bad_type =
        create_error("groq", provider_config("groq", "https://x.test", "", {{"include_usage", "yes"}}));
    BOOST_REQUIRE(bad_type);
    BOOST_TEST(bad_type->error_class() == LLMH_ERR_INVALID_CONFIG);
}

BOOST_AUTO_TEST_CASE(plugin_max_tokens_field_by_provider_and_option) {
    auto max_field = [](std::string_view id, std::string base_url, boost::json::object options = {}) {
        const auto body = plugin_request(id, provider_config(id, base_url, "", std::move(options))).json().as_object();
        return body.contains("max_completion_tokens") ? std::string("max_completion_tokens")
                                                      : std::string("max_tokens");
    };
    BOOST_TEST(max_field("openai", "https://api.openai.com/v1") == "max_completion_tokens");
    BOOST_TEST(max_field("openai-work", "https://api.openai.com/v1") == "max_completion_tokens");
    BOOST_TEST(max_field("groq", "https://api.groq.com/openai/v1") == "max_tokens");
    BOOST_TEST(max_field("openai", "https://api.openai.com/v1", {{"max_tokens_field", "max_tokens"}}) == "max_tokens");
    BOOST_TEST(max_field("vllm", "http://localhost:8000/v1", {{"max_tokens_field", "max_completion_tokens"}}) ==
               "max_completion_tokens");
}

BOOST_AUTO_TEST_CASE(plugin_headers_from_options_and_config) {
    auto sent = plugin_request("openai", provider_config("openai", "https://api.openai.com/v1", "",
                                                         {{"organization", "org_1"}, {"project", "proj_1"}},
                                                         {{"X-Team", "search"}}));
    BOOST_TEST(sent.header("OpenAI-Organization") == "org_1");
    BOOST_TEST(sent.header("OpenAI-Project") == "proj_1");
    BOOST_TEST(sent.header("X-Team") == "search");
    BOOST_TEST(sent.header("Authorization") == "Bearer sk-key");

    // OpenRouter attribution only when configured.
    sent = plugin_request("openrouter", provider_config("openrouter", "https://openrouter.ai/api/v1"));
    BOOST_TEST(!sent.has_header("HTTP-Referer"));
    BOOST_TEST(!sent.has_header("X-Title"));
    sent = plugin_request("openrouter", provider_config("openrouter", "https://openrouter.ai/api/v1", "",
                                                        {{"app_url", "https://app.example"}, {"app_title", "My App"}}));
    BOOST_TEST(sent.header("HTTP-Referer") == "https://app.example");
    BOOST_TEST(sent.header("X-Title") == "My App");
    BOOST_TEST(sent.header("X-OpenRouter-Title") == "My App");
}

BOOST_AUTO_TEST_CASE(plugin_include_usage_option) {
    auto asks_for_usage = [](std::string_view id, std::string base_url, boost::json::object options = {}) {
        return plugin_request(id, provider_config(id, base_url, "", std::move(options)))
            .json()
            .as_object()
            .contains("stream_options");
    };
    BOOST_TEST(asks_for_usage("vllm", "http://localhost:8000/v1"));
    BOOST_TEST(!asks_for_usage("vllm", "http://localhost:8000/v1", {{"include_usage", false}}));
    // Mistral rejects stream_options with a 422 (and sends usage unasked).
    BOOST_TEST(!asks_for_usage("mistral", "https://api.mistral.ai/v1"));
    BOOST_TEST(asks_for_usage("mistral", "https://api.mistral.ai/v1", {{"include_usage", true}}));
}

// Cohere's compatibility API rejects stream_options too; Kimi Code is sent ZeroClaw's
// User-Agent, which configured http_headers can replace.
BOOST_AUTO_TEST_CASE(plugin_catalog_quirks_cohere_and_kimi_code) {
    BOOST_TEST(!plugin_request("cohere", provider_config("cohere", "https://api.cohere.ai/compatibility/v1"))
                    .json()
                    .as_object()
                    .contains("stream_options"));
    BOOST_TEST(plugin_request("kimi-code", provider_config("kimi-code", "https://api.kimi.com/coding/v1"))
                   .header("User-Agent") == "KimiCLI/0.77");
    BOOST_TEST(plugin_request("kimi-code", provider_config("kimi-code", "https://api.kimi.com/coding/v1", "", {},
                                                           {{"User-Agent", "mine/1"}}))
                   .header("User-Agent") == "mine/1");
    BOOST_TEST(
        !plugin_request("groq", provider_config("groq", "https://api.groq.com/openai/v1")).has_header("User-Agent"));
}

// Cloudflare AI Gateway's account and gateway fill the base_url's placeholders: options first,
// then the environment; missing ones are a configuration error naming both ways.
BOOST_AUTO_TEST_CASE(plugin_fills_cloudflare_account_and_gateway) {
    const std::string url = "https://gateway.ai.cloudflare.com/v1/{account_id}/{gateway_id}/compat";
    auto sent_url = [&](boost::json::object options, std::map<std::string, std::string> env) {
        FakeHost fake;
        fake.env = std::move(env);
        AbiProvider provider(openai_plugin_table(), fake, "cloudflare",
                             provider_config("cloudflare", url, "", std::move(options)));
        fake.responses.push_back(CannedResponse::sse("data: [DONE]\n\n"));
        const auto error = chat_through_table(fake, provider,
                                              R"({"model":"openai/gpt-4o-mini","stream":true,)"
                                              R"("messages":[{"role":"user","content":"hi"}]})",
                                              "k")
                               .error;
        BOOST_REQUIRE_MESSAGE(!error, (error ? error->what() : ""));
        return fake.requests.at(0).url;
    };
    BOOST_TEST(sent_url({{"account_id", "acc1"}, {"gateway_id", "gw-1"}}, {}) ==
               "https://gateway.ai.cloudflare.com/v1/acc1/gw-1/compat/chat/completions");
    BOOST_TEST(
        sent_url({{"gateway_id", "gw_2"}}, {{"CLOUDFLARE_ACCOUNT_ID", "acc2"}, {"CLOUDFLARE_GATEWAY_ID", "no"}}) ==
        "https://gateway.ai.cloudflare.com/v1/acc2/gw_2/compat/chat/completions");

    const auto missing = create_error("cloudflare", provider_config("cloudflare", url, "", {{"account_id", "acc1"}}));
    BOOST_REQUIRE(missing);
    BOOST_TEST(missing->error_class() == LLMH_ERR_INVALID_CONFIG);
    const std::string message = missing->what();
    BOOST_TEST(message.find("options.gateway_id in [providers.cloudflare]") != std::string::npos, message);
    BOOST_TEST(message.find("CLOUDFLARE_GATEWAY_ID") != std::string::npos, message);

    const auto bad = create_error(
        "cloudflare", provider_config("cloudflare", url, "", {{"account_id", "acc/../x"}, {"gateway_id", "g"}}));
    BOOST_REQUIRE(bad);
    BOOST_TEST(std::string(bad->what()).find("option 'account_id' must be") != std::string::npos, bad->what());

    // The options exist only for a base_url that has the placeholders.
    BOOST_TEST(
        create_error("groq", provider_config("groq", "https://api.groq.com/openai/v1", "", {{"account_id", "a"}}))
            .has_value());
}

BOOST_AUTO_TEST_CASE(plugin_keyless_call_sends_no_authorization) {
    const auto sent = plugin_request("llamacpp", provider_config("llamacpp", "http://localhost:8080/v1"), "");
    BOOST_TEST(!sent.has_header("Authorization"));
}

BOOST_AUTO_TEST_CASE(plugin_errors_cross_the_abi_typed_and_without_the_key) {
    FakeHost fake;
    AbiProvider provider(openai_plugin_table(), fake, "openai", provider_config("openai", "https://api.openai.com/v1"));
    fake.responses.push_back(
        CannedResponse::json(429, R"({"error":{"message":"Rate limit for key sk-live-XYZ"}})", {{"retry-after", "4"}}));
    auto ctx = fake.context("sk-live-XYZ");
    EventRecorder recorder;
    const auto error =
        provider.chat(ctx, R"({"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]})", recorder);
    BOOST_REQUIRE(error);
    BOOST_TEST(error->error_class() == LLMH_ERR_RATE_LIMITED);
    BOOST_TEST(error->http_status() == 429);
    BOOST_TEST(error->retry_after_ms() == 4000);
    BOOST_TEST(std::string(error->what()) == "openai: Rate limit for key [redacted] (HTTP 429)");
}

BOOST_AUTO_TEST_CASE(plugin_embeddings_and_models_through_the_abi) {
    FakeHost fake;
    AbiProvider provider(openai_plugin_table(), fake, "together",
                         provider_config("together", "https://api.together.xyz/v1"));
    fake.responses.push_back(CannedResponse::json(
        200, R"({"data":[{"index":0,"embedding":[1,2]}],"model":"e5","usage":{"prompt_tokens":1}})"));
    fake.responses.push_back(CannedResponse::json(200, R"({"data":[{"id":"m1","owned_by":"o"}]})"));
    auto ctx = fake.context("k");
    BOOST_TEST(
        boost::json::parse(provider.embed(ctx, R"({"model":"e5","input":["x"]})")) ==
        boost::json::parse(R"({"model":"e5","data":[{"index":0,"embedding":[1,2]}],"usage":{"input_tokens":1}})"));
    BOOST_TEST(boost::json::parse(provider.list_models(ctx)) ==
               boost::json::parse(R"({"models":[{"id":"m1","owned_by":"o"}]})"));
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

BOOST_AUTO_TEST_CASE(plugin_beta_options_filter_the_clients_openai_beta) {
    const std::string request =
        R"({"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}],)"
        R"("extension":{"protocol":"openai-chat","headers":[["OpenAI-Beta","assistants=v2,flagged=v1"]]}})";
    const auto config = [](boost::json::object options) {
        return provider_config("openai", "https://api.example.test/v1", "", std::move(options));
    };
    const auto sent =
        plugin_request("openai", config({{"drop_betas", boost::json::array{"flagged=*"}}}), "sk-key", request);
    BOOST_TEST(sent.header("OpenAI-Beta") == "assistants=v2");
    BOOST_TEST(!plugin_request("openai", config({{"forward_betas", boost::json::array{}}}), "sk-key", request)
                    .has_header("OpenAI-Beta"));
    BOOST_TEST(plugin_request("openai", config({}), "sk-key", request).header("OpenAI-Beta") ==
               "assistants=v2,flagged=v1");
    const auto error = create_error("openai", config({{"forward_betas", "all"}}));
    BOOST_REQUIRE(error);
    BOOST_TEST(error->error_class() == LLMH_ERR_INVALID_CONFIG);
}
