// The built azure plugin loaded by the host's loader, talking through the host's HTTP client
// to an in-process upstream that answers as Azure OpenAI does (docs/protocols/azure.md).
#include "integration/plugin_checks.hpp"
#include "integration/plugin_harness.hpp"
#include "support/mock_upstream.hpp"

#include <llmhost/error.hpp>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <vector>

using namespace llmhost;
using namespace llmhost::testing;
using namespace std::chrono_literals;

namespace {

std::unique_ptr<plugins::ProviderInstance> provider_at(const std::string& base_url, boost::json::object options) {
    return built_plugin("azure").create("azure", provider_config("azure", base_url, "gpt-4o", std::move(options)));
}

void chat(plugins::ProviderInstance& provider, ChatResult& result, std::string_view api_key = "azure-key-1",
          bool stream = true) {
    const std::string request = std::string(R"({"model":"gpt-4o","stream":)") + (stream ? "true" : "false") +
                                R"(,"messages":[{"role":"user","content":"hi"}]})";
    run_plugin_chat(provider, request, result, with_api_key(api_key));
}

std::string chunk(const std::string& choice_fields) {
    return R"(data: {"id":"chatcmpl-AZ","object":"chat.completion.chunk","model":"gpt-4o-2024-08-06","choices":[{"index":0,)" +
           choice_fields + R"(,"content_filter_results":{}}]})" + "\n\n";
}

ScriptedResponse azure_stream(const std::string& finish_reason) {
    return ScriptedResponse::sse({
        R"(data: {"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}]})"
        "\n\n",
        chunk(R"("delta":{"role":"assistant","content":"Hello"},"finish_reason":null)"),
        chunk(R"("delta":{"content":" from Azure"},"finish_reason":null)"),
        chunk(R"("delta":{},"finish_reason":")" + finish_reason + "\""),
        R"(data: {"id":"chatcmpl-AZ","object":"chat.completion.chunk","model":"gpt-4o-2024-08-06","choices":[],"usage":{"prompt_tokens":8,"completion_tokens":3,"total_tokens":11}})"
        "\n\n",
        "data: [DONE]\n\n",
    });
}

} // namespace

BOOST_AUTO_TEST_CASE(metadata_is_read_without_loading) {
    const auto p = sole_provider_metadata("azure");
    BOOST_TEST(p.aliases == std::vector<std::string>{"azure-openai"}, boost::test_tools::per_element());
    BOOST_TEST(p.base_url.empty());
    BOOST_TEST(p.key_env == std::vector<std::string>{"AZURE_OPENAI_API_KEY"}, boost::test_tools::per_element());
    BOOST_TEST(p.keyless); // Entra ID users have no key; key mode checks for one itself
    const uint32_t all = LLMH_CAP_CHAT | LLMH_CAP_STREAMING | LLMH_CAP_TOOLS | LLMH_CAP_STRUCTURED_OUTPUT |
                         LLMH_CAP_EMBEDDINGS | LLMH_CAP_VISION | LLMH_CAP_REASONING | LLMH_CAP_MODEL_LISTING;
    BOOST_TEST(p.capabilities == all);
}

BOOST_AUTO_TEST_CASE(deployment_form_stream_over_http) {
    MockUpstream upstream([](const RecordedRequest&) { return azure_stream("stop"); });
    auto provider = provider_at(upstream.base_url(), {{"deployment", "gpt4o-prod"}});
    ChatResult result;
    chat(*provider, result);
    BOOST_REQUIRE_MESSAGE(!result.error, (result.error ? result.error->what() : ""));
    const auto response = result.events.response();
    BOOST_TEST(response.text == "Hello from Azure");
    BOOST_TEST(response.finish_reason == LLMH_FINISH_STOP);
    BOOST_TEST(response.usage.input_tokens == 8);

    const auto request =
        sole_request(upstream, "POST", "/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21");
    BOOST_TEST(request.header("api-key") == "azure-key-1");
    BOOST_TEST(request.header("authorization").empty());
    BOOST_TEST(boost::json::parse(request.body).at("model").as_string() == "gpt4o-prod");
}

BOOST_AUTO_TEST_CASE(v1_form_with_entra_token_from_the_host_environment) {
    plugin_host_services().set_env_override("AZURE_IT_TOKEN", "entra-it-token");
    MockUpstream upstream([](const RecordedRequest&) { return azure_stream("content_filter"); });
    auto provider =
        provider_at(upstream.base_url() + "/openai/v1", {{"auth", "entra"}, {"token_env", "AZURE_IT_TOKEN"}});
    ChatResult result;
    chat(*provider, result, "");
    BOOST_REQUIRE_MESSAGE(!result.error, (result.error ? result.error->what() : ""));
    BOOST_TEST(result.events.response().finish_reason == LLMH_FINISH_CONTENT_FILTER);
    const auto request = sole_request(upstream, "POST", "/openai/v1/chat/completions");
    BOOST_TEST(request.header("authorization") == "Bearer entra-it-token");
    BOOST_TEST(request.header("api-key").empty());
}

BOOST_AUTO_TEST_CASE(azure_errors_over_http) {
    struct Case {
        HttpErrorCase reply;
        std::string message_part;
    };
    for (
        const auto& row : std::vector<Case>{
            {{429,
              {{"retry-after-ms", "1200"}, {"retry-after", "2"}},
              R"({"error":{"code":"429","message":"Requests have exceeded call rate limit. Please retry after 2 seconds."}})",
              LLMH_ERR_RATE_LIMITED,
              1200},
             "exceeded call rate limit"},
            {{404,
              {},
              R"({"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist."}})",
              LLMH_ERR_NOT_FOUND,
              -1},
             "deployment 'gpt4o-prod' does not exist"},
            {{400,
              {},
              R"({"error":{"message":"filtered","param":"prompt","code":"content_filter","status":400,
                 "innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{"sexual":{"filtered":true,"severity":"medium"}}}}})",
              LLMH_ERR_BAD_REQUEST,
              -1},
             "content filter blocked the prompt (sexual (medium))"},
        }) {
        const HttpErrorCase& c = row.reply;
        MockUpstream upstream([&](const RecordedRequest&) { return error_reply(c); });
        auto provider = provider_at(upstream.base_url(), {{"deployment", "gpt4o-prod"}});
        ChatResult result;
        chat(*provider, result, "azure-key-1", false);
        BOOST_REQUIRE(result.error);
        BOOST_TEST(result.error->error_class() == c.expected, "HTTP " << c.status);
        BOOST_TEST(result.error->http_status() == c.status);
        BOOST_TEST(result.error->retry_after_ms() == c.retry_after_ms, "HTTP " << c.status);
        BOOST_TEST(std::string(result.error->what()).find(row.message_part) != std::string::npos, result.error->what());
    }
}

BOOST_AUTO_TEST_CASE(models_and_embeddings_over_http) {
    MockUpstream upstream([](const RecordedRequest& r) {
        if (r.method == "GET")
            return ScriptedResponse::json(200,
                                          R"({"object":"list","data":[{"id":"gpt-4o-2024-08-06","object":"model"}]})");
        return ScriptedResponse::json(200,
                                      R"({"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.5]}],
                                            "model":"text-embedding-3-small","usage":{"prompt_tokens":1,"total_tokens":1}})");
    });
    auto provider = provider_at(upstream.base_url(), {});
    plugins::CallOptions options;
    options.api_key = "azure-key-1";
    const auto models = boost::json::parse(provider->list_models(options));
    BOOST_TEST(models == boost::json::parse(R"({"models":[{"id":"gpt-4o-2024-08-06"}]})"));
    const auto embedded =
        boost::json::parse(provider->embed(R"({"model":"text-embedding-3-small","input":["hi"]})", options));
    BOOST_TEST(embedded.at("data").as_array().size() == 1u);
    const auto requests = upstream.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 2u);
    BOOST_TEST(requests[0].target == "/openai/models?api-version=2024-10-21");
    BOOST_TEST(requests[1].target == "/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-10-21");
}

BOOST_AUTO_TEST_CASE(create_refuses_a_missing_endpoint_through_the_loader) {
    plugin_host_services().set_env_override("AZURE_OPENAI_ENDPOINT", ""); // whatever the environment says
    try {
        provider_at("", {});
        BOOST_FAIL("created without an endpoint");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_INVALID_CONFIG);
        BOOST_TEST(std::string(e.what()).find("azure needs a resource or base_url") != std::string::npos, e.what());
    }
}
