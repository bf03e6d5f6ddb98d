// The azure plugin, called through its C table with a fake host: what it sends (URL forms,
// api-version, deployments, api-key and Entra ID auth, checked against tests/expected/azure/)
// and every configuration it refuses.
#include "unit/openai_test_support.hpp"

#include "plugins/azure/azure_provider.hpp"

#include <boost/test/unit_test.hpp>

#include <map>
#include <optional>
#include <string>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

const llmh_plugin& azure_table() {
    return *plugin_detail::Adapter<&azure_plugin::make_provider>::table("azure", "test");
}

using Env = std::map<std::string, std::string>;

std::string azure_config(std::string_view base_url, boost::json::object options = {},
                         boost::json::object query_params = {}, boost::json::object http_headers = {}) {
    return provider_config("azure", base_url, "gpt-4o", std::move(options), std::move(http_headers),
                           std::move(query_params));
}

std::optional<Error> create_error(const std::string& config_json, const Env& env = {}) {
    FakeHost fake;
    fake.env = env;
    try {
        AbiProvider provider(azure_table(), fake, "azure", config_json);
    } catch (const Error& e) {
        return e;
    }
    return std::nullopt;
}

const std::string hi_request = R"({"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"hi"}]})";

struct Sent {
    std::vector<SeenRequest> requests;
    std::optional<Error> error;
};

// One chat through the plugin; the upstream answers an empty stream.
Sent chat_once(const std::string& config_json, const std::string& request_json = hi_request,
               std::string_view key = "azure-key-1", const Env& env = {}) {
    FakeHost fake;
    fake.env = env;
    AbiProvider provider(azure_table(), fake, "azure", config_json);
    fake.responses.push_back(CannedResponse::sse("data: [DONE]\n\n"));
    Sent out;
    out.error = chat_through_table(fake, provider, request_json, key).error;
    out.requests = fake.requests;
    return out;
}

SeenRequest chat_request(const std::string& config_json, const std::string& request_json = hi_request,
                         std::string_view key = "azure-key-1", const Env& env = {}) {
    auto sent = chat_once(config_json, request_json, key, env);
    BOOST_REQUIRE_MESSAGE(!sent.error, (sent.error ? sent.error->what() : ""));
    BOOST_REQUIRE_EQUAL(sent.requests.size(), 1u);
    return sent.requests.front();
}

boost::json::value expected(const std::string& name) { return expected_json("azure", name); }

void check_golden(const SeenRequest& seen, const std::string& name) {
    const auto got = seen.document();
    const auto want = expected(name);
    BOOST_TEST(got == want, name << "\n got: " << got << "\nwant: " << want);
}

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

} // namespace

BOOST_AUTO_TEST_CASE(deployment_form_chat_matches_golden) {
    const auto seen = chat_request(azure_config("", {{"resource", "myres"}, {"deployment", "gpt4o-prod"}}),
                                   R"({"model":"gpt-4o","stream":true,"max_tokens":64,"temperature":0.2,
            "messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"hi"}]})");
    check_golden(seen, "deployment_chat_request.json");
    BOOST_TEST(seen.api_key == "azure-key-1");
}

BOOST_AUTO_TEST_CASE(v1_form_with_entra_token_matches_golden) {
    const auto seen = chat_request(
        azure_config("https://myres.openai.azure.com/openai/v1", {{"auth", "entra"}}),
        R"({"model":"gpt-4o-mini","stream":false,"messages":[{"role":"user","content":"Weather in Paris?"}],
            "tools":[{"name":"get_weather","description":"Current weather",
                      "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}],
            "tool_choice":"auto"})",
        "azure-key-1", {{"AZURE_OPENAI_AD_TOKEN", "entra-token-1"}});
    // The host's key for the provider is not sent when Entra ID is chosen.
    check_golden(seen, "v1_chat_request.json");
}

BOOST_AUTO_TEST_CASE(deployment_form_embeddings_match_golden) {
    FakeHost fake;
    AbiProvider provider(azure_table(), fake, "azure", azure_config("", {{"resource", "myres"}}));
    fake.responses.push_back(
        CannedResponse::json(200, R"({"object":"list","data":[{"object":"embedding","index":1,"embedding":[0.5]},
                 {"object":"embedding","index":0,"embedding":[0.25,-1]}],
                 "model":"text-embedding-3-small","usage":{"prompt_tokens":4,"total_tokens":4}})"));
    auto ctx = fake.context("azure-key-1");
    const auto result =
        boost::json::parse(provider.embed(ctx, R"({"model":"text-embedding-3-small","input":["alpha","beta"]})"));
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 1u);
    check_golden(fake.requests.front(), "deployment_embeddings_request.json");
    BOOST_TEST(result == boost::json::parse(R"({"model":"text-embedding-3-small",
        "data":[{"index":0,"embedding":[0.25,-1]},{"index":1,"embedding":[0.5]}],"usage":{"input_tokens":4}})"));
}

BOOST_AUTO_TEST_CASE(embeddings_go_to_the_configured_deployment_in_v1_form) {
    FakeHost fake;
    AbiProvider provider(azure_table(), fake, "azure",
                         azure_config("https://myres.openai.azure.com/openai/v1", {{"deployment", "embed-prod"}}));
    fake.responses.push_back(CannedResponse::json(200, R"({"data":[{"index":0,"embedding":[1]}]})"));
    auto ctx = fake.context("azure-key-1");
    provider.embed(ctx, R"({"model":"text-embedding-3-small","input":["x"]})");
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 1u);
    BOOST_TEST(fake.requests[0].url == "https://myres.openai.azure.com/openai/v1/embeddings");
    BOOST_TEST(fake.requests[0].json().at("model").as_string() == "embed-prod");
}

BOOST_AUTO_TEST_CASE(model_listing_urls_of_both_forms) {
    struct Case {
        std::string config, url;
    };
    for (const auto& c : std::vector<Case>{
             {azure_config("", {{"resource", "myres"}}),
              "https://myres.openai.azure.com/openai/models?api-version=2024-10-21"},
             {azure_config("https://myres.openai.azure.com/openai/v1"),
              "https://myres.openai.azure.com/openai/v1/models"},
         }) {
        FakeHost fake;
        AbiProvider provider(azure_table(), fake, "azure", c.config);
        fake.responses.push_back(CannedResponse::json(
            200, R"({"object":"list","data":[{"id":"gpt-4o-2024-08-06","object":"model","status":"succeeded",
                     "capabilities":{"chat_completion":true}},{"id":"text-embedding-3-small","object":"model"}]})"));
        auto ctx = fake.context("azure-key-1");
        const auto models = boost::json::parse(provider.list_models(ctx));
        BOOST_REQUIRE_EQUAL(fake.requests.size(), 1u);
        BOOST_TEST(fake.requests[0].method == "GET");
        BOOST_TEST(fake.requests[0].url == c.url);
        BOOST_TEST(fake.requests[0].header("api-key") == "azure-key-1");
        BOOST_TEST(models ==
                   boost::json::parse(R"({"models":[{"id":"gpt-4o-2024-08-06"},{"id":"text-embedding-3-small"}]})"));
    }
}

BOOST_AUTO_TEST_CASE(the_deployment_defaults_to_the_model_then_the_default_model) {
    const auto config = azure_config("https://myres.openai.azure.com");
    BOOST_TEST(chat_request(config).url ==
               "https://myres.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21");
    const auto named = chat_request(
        config, R"({"model":"my deployment/1","stream":true,"messages":[{"role":"user","content":"hi"}]})");
    BOOST_TEST(named.url == "https://myres.openai.azure.com/openai/deployments/my%20deployment%2F1/chat/"
                            "completions?api-version=2024-10-21");
    const auto defaulted =
        chat_request(config, R"({"model":"","stream":true,"messages":[{"role":"user","content":"hi"}]})");
    BOOST_TEST(defaulted.url ==
               "https://myres.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21");
    BOOST_TEST(defaulted.json().at("model").as_string() == "gpt-4o");
}

BOOST_AUTO_TEST_CASE(api_version_comes_from_the_option_then_query_params_then_the_default) {
    struct Case {
        std::string config, url;
    };
    const std::string base = "https://myres.openai.azure.com";
    for (const auto& c : std::vector<Case>{
             {azure_config(base, {{"api_version", "2024-06-01"}}),
              base + "/openai/deployments/gpt-4o/chat/completions?api-version=2024-06-01"},
             {azure_config(base, {{"api_version", "2025-04-01-preview"}}),
              base + "/openai/deployments/gpt-4o/chat/completions?api-version=2025-04-01-preview"},
             {azure_config(base, {}, {{"api-version", "2024-06-01"}, {"team", "search"}}),
              base + "/openai/deployments/gpt-4o/chat/completions?team=search&api-version=2024-06-01"},
             {azure_config(base, {{"api_version", "2024-10-21"}}, {{"api-version", "2024-06-01"}}),
              base + "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21"},
             {azure_config(base, {{"api_version", "v1"}}), base + "/openai/v1/chat/completions"},
             {azure_config("", {{"resource", "myres"}, {"api_version", "v1"}}), base + "/openai/v1/chat/completions"},
             {azure_config(base, {{"api_version", "preview"}}),
              base + "/openai/v1/chat/completions?api-version=preview"},
             {azure_config(base + "/openai/v1/", {{"api_version", "v1"}}), base + "/openai/v1/chat/completions"},
             {azure_config(base + "/openai"),
              base + "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21"},
             {azure_config("http://127.0.0.1:8080/proxy/azure"),
              "http://127.0.0.1:8080/proxy/azure/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21"},
         }) {
        BOOST_TEST(chat_request(c.config).url == c.url);
    }
}

BOOST_AUTO_TEST_CASE(v1_form_puts_the_deployment_in_the_body) {
    const auto seen =
        chat_request(azure_config("https://myres.openai.azure.com/openai/v1", {{"deployment", "prod-4o"}}));
    BOOST_TEST(seen.url == "https://myres.openai.azure.com/openai/v1/chat/completions");
    BOOST_TEST(seen.json().at("model").as_string() == "prod-4o");
}

BOOST_AUTO_TEST_CASE(endpoint_from_the_environment_only_when_neither_base_url_nor_resource_is_set) {
    const Env env{{"AZURE_OPENAI_ENDPOINT", "https://envres.openai.azure.com/"}};
    BOOST_TEST(chat_request(azure_config(""), hi_request, "k", env).url ==
               "https://envres.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21");
    BOOST_TEST(chat_request(azure_config("https://cfg.openai.azure.com"), hi_request, "k", env).url ==
               "https://cfg.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21");
    BOOST_TEST(chat_request(azure_config("", {{"resource", "optres"}}), hi_request, "k", env).url ==
               "https://optres.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21");
    const Env v1_env{{"AZURE_OPENAI_ENDPOINT", "https://envres.openai.azure.com/openai/v1"}};
    BOOST_TEST(chat_request(azure_config(""), hi_request, "k", v1_env).url ==
               "https://envres.openai.azure.com/openai/v1/chat/completions");
}

BOOST_AUTO_TEST_CASE(configured_headers_are_sent_and_the_key_goes_in_api_key) {
    const auto seen = chat_request(azure_config("https://myres.openai.azure.com", {}, {}, {{"X-Team", "search"}}));
    BOOST_TEST(seen.header("X-Team") == "search");
    BOOST_TEST(seen.header("api-key") == "azure-key-1");
    BOOST_TEST(!seen.has_header("Authorization"));
}

BOOST_AUTO_TEST_CASE(entra_token_from_a_named_variable) {
    const auto seen =
        chat_request(azure_config("https://myres.openai.azure.com", {{"auth", "entra"}, {"token_env", "MY_AAD_TOKEN"}}),
                     hi_request, "", {{"MY_AAD_TOKEN", "tok-2"}, {"AZURE_OPENAI_AD_TOKEN", "not-this-one"}});
    BOOST_TEST(seen.header("Authorization") == "Bearer tok-2");
    BOOST_TEST(!seen.has_header("api-key"));
}

BOOST_AUTO_TEST_CASE(missing_entra_token_names_the_variable_before_any_request) {
    for (const auto& [options, variable] : std::vector<std::pair<boost::json::object, std::string>>{
             {{{"auth", "entra"}}, "AZURE_OPENAI_AD_TOKEN"},
             {{{"auth", "entra"}, {"token_env", "MY_AAD_TOKEN"}}, "MY_AAD_TOKEN"}}) {
        const auto sent = chat_once(azure_config("https://myres.openai.azure.com", options), hi_request, "azure-key-1");
        BOOST_REQUIRE(sent.error);
        BOOST_TEST(sent.error->error_class() == LLMH_ERR_MISSING_CREDENTIALS);
        BOOST_TEST(contains(sent.error->what(), "$" + variable), sent.error->what());
        BOOST_TEST(sent.requests.empty());
    }
}

BOOST_AUTO_TEST_CASE(missing_key_names_the_variable_before_any_request) {
    const auto sent = chat_once(azure_config("https://myres.openai.azure.com"), hi_request, "");
    BOOST_REQUIRE(sent.error);
    BOOST_TEST(sent.error->error_class() == LLMH_ERR_MISSING_CREDENTIALS);
    BOOST_TEST(contains(sent.error->what(), "AZURE_OPENAI_API_KEY"), sent.error->what());
    BOOST_TEST(contains(sent.error->what(), "auth = \"entra\""), sent.error->what());
    BOOST_TEST(sent.requests.empty());
}

BOOST_AUTO_TEST_CASE(missing_key_of_a_config_defined_id_points_at_its_section) {
    FakeHost fake;
    AbiProvider provider(azure_table(), fake, "work-azure",
                         provider_config("work-azure", "https://myres.openai.azure.com", "gpt-4o"));
    auto ctx = fake.context("");
    EventRecorder recorder;
    const auto error = provider.chat(ctx, hi_request, recorder);
    BOOST_REQUIRE(error);
    BOOST_TEST(error->error_class() == LLMH_ERR_MISSING_CREDENTIALS);
    BOOST_TEST(contains(error->what(), "work-azure: no Azure OpenAI API key: set api_key or api_key_env in "
                                       "[providers.work-azure]"),
               error->what());
    BOOST_TEST(fake.requests.empty());
}

BOOST_AUTO_TEST_CASE(configuration_errors_name_what_to_fix) {
    struct Case {
        std::string config;
        Env env;
        std::string message;
    };
    const std::string base = "https://myres.openai.azure.com";
    for (const auto& c : std::vector<Case>{
             {azure_config(""), {}, "azure needs a resource or base_url"},
             {azure_config(""), {{"AZURE_OPENAI_ENDPOINT", ""}}, "azure needs a resource or base_url"},
             {azure_config(base, {{"resource", "myres"}}), {}, "either options.resource or base_url"},
             {azure_config("", {{"resource", "my.res/evil"}}), {}, "option 'resource' must be an Azure resource name"},
             {azure_config("", {{"resource", 7}}), {}, "option 'resource' must be a string"},
             {azure_config("myres.openai.azure.com"), {}, "must start with https://"},
             {azure_config(""), {{"AZURE_OPENAI_ENDPOINT", "myres.openai.azure.com"}}, "AZURE_OPENAI_ENDPOINT 'myres"},
             {azure_config(base, {{"deploymnt", "x"}}),
              {},
              "unknown option 'deploymnt' (known options: resource, deployment, api_version, auth, token_env, "
              "forward_betas, drop_betas, wire_api, responses_models)"},
             {azure_config(base, {{"deployment", ""}}), {}, "option 'deployment' must not be empty"},
             {azure_config(base, {{"api_version", ""}}), {}, "option 'api_version' must not be empty"},
             {azure_config(base + "/openai/v1", {{"api_version", "2024-10-21"}}), {}, "ends in /openai/v1"},
             {azure_config(base, {{"auth", "aad"}}), {}, "option 'auth' must be \"key\" or \"entra\", not \"aad\""},
             {azure_config(base, {{"token_env", "T"}}), {}, "'token_env' only applies with auth = \"entra\""},
             {azure_config(base, {{"auth", "entra"}, {"token_env", ""}}), {}, "'token_env' must name a variable"},
         }) {
        const auto error = create_error(c.config, c.env);
        BOOST_REQUIRE_MESSAGE(error, "accepted: " << c.config);
        BOOST_TEST(error->error_class() == LLMH_ERR_INVALID_CONFIG);
        BOOST_TEST(contains(error->what(), c.message), error->what() << " (wanted: " << c.message << ")");
        BOOST_TEST(std::string_view(error->what()).rfind("azure", 0) == 0u, error->what());
    }
}

// ---- canonical request 2 -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(request_2_fields_and_the_clients_own_fields_reach_the_deployment) {
    const auto seen = chat_request(
        azure_config("", {{"resource", "myres"}, {"deployment", "gpt4o-prod"}, {"drop_betas", {"flagged=*"}}}),
        R"({"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"hi"}],
            "tools":[{"name":"f","description":"F","parameters":{"type":"object"}}],"parallel_tool_calls":false,
            "top_p":0.5,"user":"u-1","service_tier":"default","prompt_cache_key":"session-7",
            "extension":{"protocol":"openai-chat","fields":{"seed":3,"model":"not-the-deployment"},
                         "headers":[["OpenAI-Beta","assistants=v2,flagged=v1"]]}})");
    const auto body = seen.json().as_object();
    BOOST_TEST(body.at("prompt_cache_key") == "session-7");
    BOOST_TEST(body.at("parallel_tool_calls") == false);
    BOOST_TEST(body.at("top_p") == 0.5);
    BOOST_TEST(body.at("user") == "u-1");
    BOOST_TEST(body.at("service_tier") == "default");
    BOOST_TEST(body.at("seed") == 3);
    BOOST_TEST(body.at("model") == "gpt4o-prod"); // the deployment, never the client's field
    BOOST_TEST(seen.header("OpenAI-Beta") == "assistants=v2");
}

// DeepSeek-R1 and the like on Azure refuse a tool turn without its reasoning_content: it goes
// back to the provider (by id) that returned it, as for every OpenAI-family provider.
BOOST_AUTO_TEST_CASE(reasoning_content_goes_back_to_this_provider_only) {
    const std::string turn = R"({"model":"DeepSeek-R1","stream":true,"messages":[
        {"role":"user","content":"Weather?"},
        {"role":"assistant","content":[],"reasoning":[{"text":"Need weather.","state":{"origin":"ORIGIN"}}],
         "tool_calls":[{"id":"call_1","name":"w","arguments":"{}"}]},
        {"role":"tool","tool_call_id":"call_1","content":"sunny"}]})";
    const auto with_origin = [&](const std::string& origin) {
        std::string request = turn;
        request.replace(request.find("ORIGIN"), 6, origin);
        return request;
    };
    const std::string config = azure_config("https://myres.openai.azure.com/openai/v1");
    auto assistant = chat_request(config, with_origin("openai-chat/azure")).json().at("messages").at(1).as_object();
    BOOST_TEST(assistant.at("reasoning_content") == "Need weather.");
    assistant = chat_request(config, with_origin("openai-chat/deepseek")).json().at("messages").at(1).as_object();
    BOOST_TEST(!assistant.contains("reasoning_content"));
}
