// The openai plugin itself called through its C table (options, base URL, headers, keys), with
// a fake host.
#include "unit/openai_test_support.hpp"

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
