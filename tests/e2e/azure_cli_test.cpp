// The built binary with the azure plugin against an in-process upstream that answers as Azure
// OpenAI does: configuration shapes, both auth modes, the endpoint from the environment, and
// the SPEC's exit codes for Azure's errors, with no secret printed.
#include "support/mock_upstream.hpp"
#include "support/test_env.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace llmhost::testing;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

std::string chunk(const std::string& choice_fields) {
    return R"(data: {"id":"chatcmpl-E2","object":"chat.completion.chunk","model":"gpt-4o-2024-08-06","choices":[{"index":0,)" +
           choice_fields + "}]}\n\n";
}

ScriptedResponse azure_stream() {
    return ScriptedResponse::sse({
        R"(data: {"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}]})"
        "\n\n",
        chunk(R"("delta":{"role":"assistant","content":"Hello"},"finish_reason":null)"),
        chunk(R"("delta":{"content":" from Azure"},"finish_reason":null)"),
        chunk(R"("delta":{},"finish_reason":"stop")"),
        "data: [DONE]\n\n",
    });
}

// A config file with one [providers.azure] section.
std::string write_config(const TempDir& dir, const std::string& base_url, const std::string& options) {
    std::string text = "[providers.azure]\n";
    if (!base_url.empty()) text += "base_url = \"" + base_url + "\"\n";
    text += "options = " + options + "\n";
    dir.write("config.toml", text);
    return dir.file("config.toml");
}

const std::string key_env = "AZURE_OPENAI_API_KEY=azure-e2e-SECRET-key";

} // namespace

BOOST_AUTO_TEST_CASE(chat_through_a_deployment_with_an_api_key) {
    MockUpstream upstream([](const RecordedRequest&) { return azure_stream(); });
    TempDir dir;
    const auto config = write_config(dir, upstream.base_url(), R"({ deployment = "gpt4o-prod" })");
    const auto r = run_host({"--config", config, "-p", "azure", "chat", "hi"}, {key_env});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_TEST(r.out == "Hello from Azure\n");
    const auto requests = upstream.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 1u);
    BOOST_TEST(requests[0].target == "/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21");
    BOOST_TEST(requests[0].header("api-key") == "azure-e2e-SECRET-key");
    BOOST_TEST(boost::json::parse(requests[0].body).at("model").as_string() == "gpt4o-prod");
}

BOOST_AUTO_TEST_CASE(alias_v1_form_and_json_output) {
    MockUpstream upstream([](const RecordedRequest&) { return azure_stream(); });
    TempDir dir;
    const auto config = write_config(dir, upstream.base_url() + "/openai/v1", "{}");
    const auto r =
        run_host({"--config", config, "-p", "azure-openai", "-m", "prod-4o-mini", "chat", "--json", "hi"}, {key_env});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto doc = boost::json::parse(r.out);
    BOOST_TEST(doc.at("provider").as_string() == "azure");
    BOOST_TEST(doc.at("text").as_string() == "Hello from Azure");
    BOOST_TEST(doc.at("finish_reason").as_string() == "stop");
    const auto requests = upstream.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 1u);
    BOOST_TEST(requests[0].target == "/openai/v1/chat/completions");
    BOOST_TEST(boost::json::parse(requests[0].body).at("model").as_string() == "prod-4o-mini");
}

BOOST_AUTO_TEST_CASE(entra_token_needs_no_api_key) {
    MockUpstream upstream([](const RecordedRequest&) { return azure_stream(); });
    TempDir dir;
    const auto config = write_config(dir, upstream.base_url(), R"({ auth = "entra" })");
    const auto ok =
        run_host({"--config", config, "-p", "azure", "chat", "hi"}, {"AZURE_OPENAI_AD_TOKEN=eyJ-e2e-token"});
    BOOST_TEST_REQUIRE(ok.exit_code == 0, ok.err);
    BOOST_TEST(upstream.requests().back().header("authorization") == "Bearer eyJ-e2e-token");

    const auto missing = run_host({"--config", config, "-p", "azure", "chat", "hi"});
    BOOST_TEST(missing.exit_code == 3, missing.err);
    BOOST_TEST(contains(missing.err, "AZURE_OPENAI_AD_TOKEN"), missing.err);
    BOOST_TEST(upstream.requests().size() == 1u); // nothing sent without a token
}

BOOST_AUTO_TEST_CASE(missing_key_exits_3_naming_the_variable) {
    MockUpstream upstream([](const RecordedRequest&) { return azure_stream(); });
    TempDir dir;
    const auto config = write_config(dir, upstream.base_url(), "{}");
    const auto r = run_host({"--config", config, "-p", "azure", "chat", "hi"});
    BOOST_TEST(r.exit_code == 3, r.err);
    BOOST_TEST(contains(r.err, "AZURE_OPENAI_API_KEY"), r.err);
    BOOST_TEST(upstream.requests().empty());
}

BOOST_AUTO_TEST_CASE(endpoint_from_azure_openai_endpoint) {
    MockUpstream upstream([](const RecordedRequest&) { return azure_stream(); });
    const auto r = run_host({"-p", "azure", "-m", "gpt-4o", "chat", "hi"},
                            {key_env, "AZURE_OPENAI_ENDPOINT=" + upstream.base_url() + "/"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_TEST(r.out == "Hello from Azure\n");
    BOOST_TEST(upstream.requests().at(0).target ==
               "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21");
}

BOOST_AUTO_TEST_CASE(no_endpoint_and_bad_options_exit_2) {
    const auto none = run_host({"-p", "azure", "chat", "hi"}, {key_env});
    BOOST_TEST(none.exit_code == 2, none.err);
    BOOST_TEST(contains(none.err, "azure needs a resource or base_url"), none.err);

    TempDir dir;
    const auto config = write_config(dir, "https://myres.openai.azure.com", R"({ deploymnt = "x" })");
    const auto bad = run_host({"--config", config, "-p", "azure", "chat", "hi"}, {key_env});
    BOOST_TEST(bad.exit_code == 2, bad.err);
    BOOST_TEST(contains(bad.err, "unknown option 'deploymnt'"), bad.err);
    BOOST_TEST(contains(bad.err, "resource, deployment, api_version, auth, token_env"), bad.err);
}

BOOST_AUTO_TEST_CASE(azure_errors_exit_codes_and_no_secret_printed) {
    struct Case {
        int status;
        std::string body;
        int exit_code;
        std::string message;
    };
    for (
        const auto& c : std::vector<Case>{
            {404,
             R"({"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist."}})",
             5, "deployment 'gpt4o-prod' does not exist"},
            {400, R"({"error":{"code":"content_filter","message":"filtered","param":"prompt","status":400}})", 5,
             "content filter blocked the prompt"},
            {401,
             R"({"error":{"code":"401","message":"Access denied due to invalid subscription key azure-e2e-SECRET-key."}})",
             3, "Access denied"},
        }) {
        MockUpstream upstream([&](const RecordedRequest&) { return ScriptedResponse::json(c.status, c.body); });
        TempDir dir;
        const auto config = write_config(dir, upstream.base_url(), R"({ deployment = "gpt4o-prod" })");
        const auto r = run_host({"--config", config, "-v", "-p", "azure", "chat", "--no-stream", "hi"}, {key_env});
        BOOST_TEST(r.exit_code == c.exit_code, "HTTP " << c.status << ": " << r.err);
        BOOST_TEST(contains(r.err, c.message), r.err);
        BOOST_TEST(!contains(r.out + r.err, "SECRET"), "HTTP " << c.status << ": " << r.err);
    }
}

BOOST_AUTO_TEST_CASE(models_lists_the_resource_models) {
    MockUpstream upstream([](const RecordedRequest&) {
        return ScriptedResponse::json(200, R"({"object":"list","data":[{"id":"gpt-4o-2024-08-06","object":"model"},
                                             {"id":"text-embedding-3-small","object":"model"}]})");
    });
    TempDir dir;
    const auto config = write_config(dir, upstream.base_url(), R"({ api_version = "2024-06-01" })");
    const auto r = run_host({"--config", config, "-p", "azure", "models"}, {key_env});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_TEST(contains(r.out, "gpt-4o-2024-08-06"), r.out);
    BOOST_TEST(contains(r.out, "text-embedding-3-small"), r.out);
    BOOST_TEST(upstream.requests().at(0).target == "/openai/models?api-version=2024-06-01");
}
