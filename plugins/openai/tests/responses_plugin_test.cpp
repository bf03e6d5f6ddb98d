// The built openai, azure and copilot plugins sending chat to the Responses API: when configured
// `wire_api = "responses"`, and by default for a Responses-only model, against an in-process
// upstream that speaks the Responses wire format; Copilot finding out which API serves a model.
#include "integration/plugin_checks.hpp"
#include "integration/plugin_harness.hpp"
#include "support/mock_upstream.hpp"

#include <llmhost/error.hpp>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

std::string sse_event(const std::string& type, const std::string& json) {
    return "event: " + type + "\ndata: " + json + "\n\n";
}

ScriptedResponse responses_stream(const std::string& model) {
    return ScriptedResponse::sse({
        sse_event("response.created",
                  R"({"type":"response.created","response":{"id":"resp_I1","model":")" + model + R"("}})"),
        sse_event("response.output_text.delta",
                  R"({"type":"response.output_text.delta","output_index":0,"delta":"Hello"})"),
        sse_event(
            "response.completed",
            R"({"type":"response.completed","response":{"id":"resp_I1","status":"completed","usage":{"input_tokens":7,"output_tokens":1}}})"),
    });
}

ScriptedResponse chat_stream() {
    return ScriptedResponse::sse({
        R"(data: {"id":"chatcmpl-1","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}]})"
        "\n\n",
        "data: [DONE]\n\n",
    });
}

std::string request_for(const std::string& model) {
    return R"({"model":")" + model +
           R"(","stream":true,"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"hi"}]})";
}

// The upstream: /v1/responses answers in the Responses format, anything else as Chat Completions.
MockUpstream both_apis() {
    return MockUpstream([](const RecordedRequest& r) {
        if (r.target.ends_with("/v1/responses")) return responses_stream("o3-pro");
        return chat_stream();
    });
}

std::string chat_text(plugins::ProviderInstance& provider, const std::string& model,
                      std::string_view key = "sk-integration") {
    ChatResult result;
    run_plugin_chat(provider, request_for(model), result, with_api_key(key));
    BOOST_REQUIRE_MESSAGE(!result.error, (result.error ? result.error->what() : ""));
    return result.events.response().text;
}

// GitHub's token exchange answer: Copilot token "tid=1", its API at `api`.
ScriptedResponse copilot_token(const std::string& api) {
    return ScriptedResponse::json(
        200,
        boost::json::serialize(boost::json::object{
            {"token", "tid=1"}, {"expires_at", 4'102'444'800}, {"refresh_in", 1500}, {"endpoints", {{"api", api}}}}));
}

} // namespace

BOOST_AUTO_TEST_CASE(wire_api_responses_sends_every_model_to_responses) {
    auto upstream = both_apis();
    auto provider = built_plugin("openai").create(
        "openai", provider_config("openai", upstream.base_url() + "/v1", "gpt-4o-mini", {{"wire_api", "responses"}}));
    BOOST_TEST(chat_text(*provider, "gpt-4o-mini") == "Hello");
    const auto request = sole_request(upstream, "POST", "/v1/responses");
    BOOST_TEST(request.header("Authorization") == "Bearer sk-integration");
    const auto body = boost::json::parse(request.body);
    BOOST_TEST(body.at("model") == "gpt-4o-mini");
    BOOST_TEST(body.at("instructions") == "Be brief.");
    BOOST_TEST(body.at("input").at(0).at("content").at(0).at("text") == "hi");
    BOOST_TEST(body.at("stream") == true);
    BOOST_TEST(body.at("store") == false);
}

BOOST_AUTO_TEST_CASE(a_responses_only_model_goes_to_responses_by_default) {
    auto upstream = both_apis();
    auto provider =
        built_plugin("openai").create("openai", provider_config("openai", upstream.base_url() + "/v1", "gpt-4o-mini"));
    BOOST_TEST(chat_text(*provider, "o3-pro") == "Hello");
    BOOST_TEST(chat_text(*provider, "gpt-4o-mini") == "Hi");
    const auto requests = upstream.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 2u);
    BOOST_TEST(requests[0].target == "/v1/responses");
    BOOST_TEST(requests[1].target == "/v1/chat/completions");
}

BOOST_AUTO_TEST_CASE(responses_models_extends_the_list) {
    auto upstream = both_apis();
    boost::json::object options{{"responses_models", boost::json::array{"my-agent-model"}}};
    auto provider = built_plugin("openai").create(
        "groq", provider_config("groq", upstream.base_url() + "/v1", "gpt-4o-mini", options));
    BOOST_TEST(chat_text(*provider, "my-agent-model") == "Hello");
    // OpenAI's own list is for OpenAI's platform only.
    BOOST_TEST(chat_text(*provider, "o3-pro") == "Hi");
}

BOOST_AUTO_TEST_CASE(an_unknown_wire_api_is_refused) {
    BOOST_CHECK_THROW(built_plugin("openai").create("openai", provider_config("openai", "http://127.0.0.1:1/v1",
                                                                              "gpt-4o-mini", {{"wire_api", "grpc"}})),
                      Error);
}

BOOST_AUTO_TEST_CASE(azure_sends_wire_api_responses_to_its_v1_endpoint) {
    MockUpstream upstream([](const RecordedRequest&) { return responses_stream("gpt-4o"); });
    auto provider = built_plugin("azure").create(
        "azure", provider_config("azure", upstream.base_url(), "gpt-4o",
                                 {{"wire_api", "responses"}, {"deployment", "my-deployment"}}));
    BOOST_TEST(chat_text(*provider, "gpt-4o") == "Hello");
    const auto request = sole_request(upstream, "POST", "/openai/v1/responses");
    BOOST_TEST(request.header("api-key") == "sk-integration");
    BOOST_TEST(request.header("Authorization").empty());
    BOOST_TEST(boost::json::parse(request.body).at("model") == "my-deployment");
}

BOOST_AUTO_TEST_CASE(azure_sends_a_responses_only_model_to_responses) {
    auto upstream = both_apis();
    auto provider = built_plugin("azure").create(
        "azure", provider_config("azure", upstream.base_url(), "gpt-4o", {{"api_version", "v1"}}));
    BOOST_TEST(chat_text(*provider, "gpt-5-codex") == "Hello");
    BOOST_TEST(upstream.requests().at(0).target == "/openai/v1/responses");
    BOOST_TEST(chat_text(*provider, "gpt-4o") == "Hi");
    BOOST_TEST(upstream.requests().at(1).target == "/openai/v1/chat/completions");
}

BOOST_AUTO_TEST_CASE(copilot_sends_its_codex_models_to_responses_with_its_headers) {
    std::unique_ptr<MockUpstream> server;
    server = std::make_unique<MockUpstream>([&server](const RecordedRequest& r) {
        if (r.target == "/copilot_internal/v2/token") return copilot_token(server->base_url() + "/copilot");
        if (r.target == "/copilot/responses") return responses_stream("gpt-5.1-codex-mini");
        if (r.target == "/copilot/chat/completions") return chat_stream();
        return ScriptedResponse::json(404, R"({"message":"Not Found"})");
    });
    auto provider =
        built_plugin("copilot").create("copilot", provider_config("copilot", "https://api.githubcopilot.com", "gpt-4.1",
                                                                  {{"api_url", server->base_url()}}));
    ChatResult result;
    run_plugin_chat(*provider, request_for("gpt-5.1-codex-mini"), result, with_api_key("ghu_integration"));
    BOOST_REQUIRE_MESSAGE(!result.error, (result.error ? result.error->what() : ""));
    BOOST_TEST(result.events.response().text == "Hello");
    const auto requests = server->requests(); // the token exchange, then chat
    BOOST_REQUIRE_EQUAL(requests.size(), 2u);
    const auto& request = requests[1];
    BOOST_TEST(request.target == "/copilot/responses");
    BOOST_TEST(request.header("Authorization") == "Bearer tid=1");
    BOOST_TEST(!request.header("Copilot-Integration-Id").empty());
    BOOST_TEST(!request.header("Editor-Version").empty());
    BOOST_TEST(request.header("X-Initiator") == "user");

    ChatResult other;
    run_plugin_chat(*provider, request_for("gpt-4.1"), other, with_api_key("ghu_integration"));
    BOOST_REQUIRE_MESSAGE(!other.error, (other.error ? other.error->what() : ""));
    BOOST_TEST(other.events.response().text == "Hi");
}

namespace {

// A Copilot backend whose chat API serves only `chat_models` and whose /responses only
// `responses_models`, answering the others as Copilot does (400 unsupported_api_for_model);
// /models lists `listing`.
struct CopilotTwoApis {
    std::vector<std::string> chat_models;
    std::vector<std::string> responses_models;
    std::string listing = R"({"data":[]})";
    std::unique_ptr<MockUpstream> server;

    CopilotTwoApis(std::vector<std::string> chat, std::vector<std::string> responses)
        : chat_models(std::move(chat)), responses_models(std::move(responses)) {
        server = std::make_unique<MockUpstream>([this](const RecordedRequest& r) { return answer(r); });
    }

    static bool serves(const std::vector<std::string>& models, const RecordedRequest& r) {
        const auto model = boost::json::parse(r.body).at("model").as_string();
        return std::find(models.begin(), models.end(), model) != models.end();
    }

    ScriptedResponse answer(const RecordedRequest& r) {
        if (r.target == "/copilot_internal/v2/token") return copilot_token(server->base_url() + "/copilot");
        if (r.target == "/copilot/models") return ScriptedResponse::json(200, listing);
        if (r.target == "/copilot/chat/completions")
            return serves(chat_models, r)
                       ? chat_stream()
                       : ScriptedResponse::json(
                             400,
                             R"({"error":{"message":"model is not accessible via the /chat/completions endpoint","code":"unsupported_api_for_model"}})");
        if (r.target == "/copilot/responses")
            return serves(responses_models, r)
                       ? responses_stream("m")
                       : ScriptedResponse::json(
                             400,
                             R"({"error":{"message":"model gpt-5-mini is not supported via Responses API.","code":"unsupported_api_for_model"}})");
        return ScriptedResponse::json(404, R"({"message":"Not Found"})");
    }

    std::unique_ptr<plugins::ProviderInstance> provider() const {
        return built_plugin("copilot").create("copilot", provider_config("copilot", "https://api.githubcopilot.com",
                                                                         "gpt-4.1", {{"api_url", server->base_url()}}));
    }

    // The chat API each request after the token exchange went to, in order.
    std::vector<std::string> apis() const {
        std::vector<std::string> out;
        for (const auto& r : server->requests())
            if (r.target != "/copilot_internal/v2/token")
                out.push_back(r.target.substr(std::string("/copilot").size()));
        return out;
    }
};

std::string copilot_chat(plugins::ProviderInstance& provider, const std::string& model) {
    return chat_text(provider, model, "ghu_integration");
}

} // namespace

BOOST_AUTO_TEST_CASE(copilot_moves_a_model_it_is_told_is_responses_only_and_remembers) {
    CopilotTwoApis copilot({"gpt-4.1"}, {"gpt-7-codex"});
    auto provider = copilot.provider();
    BOOST_TEST(copilot_chat(*provider, "gpt-7-codex") == "Hello");
    BOOST_TEST(copilot_chat(*provider, "gpt-7-codex") == "Hello");
    BOOST_TEST(copilot_chat(*provider, "gpt-4.1") == "Hi");
    BOOST_TEST((copilot.apis() ==
                std::vector<std::string>{"/chat/completions", "/responses", "/responses", "/chat/completions"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(copilot_moves_a_listed_responses_model_back_to_chat_when_told) {
    // gpt-5.4 is in the metadata's list, so gpt-5.4-mini goes to /responses first.
    CopilotTwoApis copilot({"gpt-5.4-mini"}, {});
    auto provider = copilot.provider();
    BOOST_TEST(copilot_chat(*provider, "gpt-5.4-mini") == "Hi");
    BOOST_TEST(copilot_chat(*provider, "gpt-5.4-mini") == "Hi");
    BOOST_TEST((copilot.apis() == std::vector<std::string>{"/responses", "/chat/completions", "/chat/completions"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(copilot_model_listing_decides_each_models_api) {
    CopilotTwoApis copilot({"gpt-5.4", "claude-sonnet-4.5"}, {"gpt-7"});
    copilot.listing = R"({"data":[
        {"id":"gpt-7","model_picker_enabled":true,"capabilities":{"type":"chat"},"supported_endpoints":["/responses"]},
        {"id":"gpt-5.4","model_picker_enabled":true,"capabilities":{"type":"chat"},"supported_endpoints":["/chat/completions","/responses"]},
        {"id":"claude-sonnet-4.5","model_picker_enabled":true,"capabilities":{"type":"chat"}}]})";
    auto provider = copilot.provider();
    plugins::CallOptions options;
    options.api_key = "ghu_integration";
    (void)provider->list_models(options);
    BOOST_TEST(copilot_chat(*provider, "gpt-7") == "Hello");
    BOOST_TEST(copilot_chat(*provider, "gpt-5.4") == "Hi"); // listed for both: chat, whatever the metadata says
    BOOST_TEST(copilot_chat(*provider, "claude-sonnet-4.5") == "Hi"); // no supported_endpoints: the metadata decides
    BOOST_TEST(
        (copilot.apis() == std::vector<std::string>{"/models", "/responses", "/chat/completions", "/chat/completions"}),
        boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(copilot_sends_the_metadata_responses_models_there_first) {
    CopilotTwoApis copilot({}, {"gpt-5.3-codex", "gpt-5.5"});
    auto provider = copilot.provider();
    BOOST_TEST(copilot_chat(*provider, "gpt-5.3-codex") == "Hello");
    BOOST_TEST(copilot_chat(*provider, "gpt-5.5") == "Hello");
    BOOST_TEST((copilot.apis() == std::vector<std::string>{"/responses", "/responses"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_model_neither_api_serves_is_a_bad_request_after_one_move) {
    CopilotTwoApis copilot({}, {});
    auto provider = copilot.provider();
    ChatResult result;
    run_plugin_chat(*provider, request_for("gpt-nope"), result, with_api_key("ghu_integration"));
    BOOST_REQUIRE(result.error.has_value());
    BOOST_TEST(result.error->error_class() == LLMH_ERR_BAD_REQUEST);
    BOOST_TEST((copilot.apis() == std::vector<std::string>{"/chat/completions", "/responses"}),
               boost::test_tools::per_element());
}
