// The built copilot plugin loaded by the host's loader, talking through the host's HTTP client
// to an in-process mock of GitHub's token exchange and the Copilot chat API.
#include "integration/plugin_checks.hpp"
#include "integration/plugin_harness.hpp"
#include "support/mock_upstream.hpp"
#include "support/test_env.hpp"

#include <llmhost/error.hpp>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace llmhost;
using namespace llmhost::testing;
using namespace std::chrono_literals;

namespace {

std::unique_ptr<plugins::ProviderInstance> provider_for(const MockUpstream& upstream) {
    return built_plugin("copilot").create("copilot", provider_config("copilot", "https://api.githubcopilot.com",
                                                                     "gpt-4.1", {{"api_url", upstream.base_url()}}));
}

std::string chunk(const std::string& choice) {
    return R"(data: {"id":"chatcmpl-I1","object":"chat.completion.chunk","model":"gpt-4.1","choices":[)" + choice +
           "]}\n\n";
}

ScriptedResponse tool_stream() {
    auto r = ScriptedResponse::sse({
        chunk(R"({"index":0,"delta":{"role":"assistant","content":"Checking."},"finish_reason":null})"),
        chunk(
            R"({"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_w","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null})"),
        chunk(
            R"({"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":\"Paris\"}"}}]},"finish_reason":null})"),
        chunk(R"({"index":0,"delta":{},"finish_reason":"tool_calls"})"),
        R"(data: {"id":"chatcmpl-I1","object":"chat.completion.chunk","model":"gpt-4.1","choices":[],"usage":{"prompt_tokens":40,"completion_tokens":12,"total_tokens":52}})"
        "\n\n",
        "data: [DONE]\n\n",
    });
    r.delay_between_chunks = 2ms;
    return r;
}

// A Copilot backend: the exchange accepts one GitHub token and issues Copilot tokens
// "tid=N" (N counts exchanges); chat and models accept the latest one only, unless `reject_chat`
// makes chat answer 401 to everything.
struct CopilotBackend {
    std::string github_token = "ghu_integration";
    std::atomic<int> exchanges{0};
    std::atomic<bool> reject_chat{false};
    std::function<ScriptedResponse(const RecordedRequest&)> chat_reply = [](const RecordedRequest&) {
        return tool_stream();
    };
    std::unique_ptr<MockUpstream> server;

    CopilotBackend() {
        server = std::make_unique<MockUpstream>([this](const RecordedRequest& r) { return answer(r); });
    }

    ScriptedResponse answer(const RecordedRequest& r) {
        if (r.target == "/copilot_internal/v2/token") {
            if (r.header("Authorization") != "token " + github_token)
                return ScriptedResponse::json(401, R"({"message":"Bad credentials"})");
            const int n = ++exchanges;
            return ScriptedResponse::json(200, boost::json::serialize(boost::json::object{
                                                   {"token", "tid=" + std::to_string(n)},
                                                   {"expires_at", 4'102'444'800}, // 2100: never stale in this test
                                                   {"refresh_in", 1500},
                                                   {"endpoints", {{"api", server->base_url() + "/copilot"}}}}));
        }
        if (reject_chat || r.header("Authorization") != "Bearer tid=" + std::to_string(exchanges.load()))
            return ScriptedResponse::json(401, R"({"error":{"message":"unauthorized: token expired"}})");
        if (r.target == "/copilot/chat/completions") return chat_reply(r);
        if (r.target == "/copilot/models")
            return ScriptedResponse::json(
                200,
                R"({"data":[{"id":"gpt-4.1","model_picker_enabled":true,"capabilities":{"type":"chat"},"policy":{"state":"enabled"}},
                                 {"id":"text-embedding-3-small","model_picker_enabled":false,"capabilities":{"type":"embeddings"}}]})");
        return ScriptedResponse::json(404, R"({"message":"Not Found"})");
    }
};

void chat(plugins::ProviderInstance& provider, const std::string& request_json, ChatResult& result,
          std::string_view api_key = "ghu_integration") {
    run_plugin_chat(provider, request_json, result, with_api_key(api_key));
}

const std::string tool_request =
    R"({"model":"gpt-4.1","stream":true,"messages":[{"role":"user","content":"Weather in Paris?"}],
        "tools":[{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}]})";

std::string message_of(const std::optional<Error>& e) { return e ? e->what() : std::string("(no error)"); }

} // namespace

BOOST_AUTO_TEST_CASE(metadata_is_read_without_loading) {
    const auto p = sole_provider_metadata("copilot");
    BOOST_TEST((p.aliases == std::vector<std::string>{"github-copilot", "github_copilot"}),
               boost::test_tools::per_element());
    BOOST_TEST(p.keyless);
    BOOST_TEST(p.key_env == std::vector<std::string>{"GH_COPILOT_TOKEN"}, boost::test_tools::per_element());
    BOOST_TEST(p.default_model == "gpt-4.1");
    BOOST_TEST(p.capabilities ==
               (LLMH_CAP_CHAT | LLMH_CAP_STREAMING | LLMH_CAP_TOOLS | LLMH_CAP_VISION | LLMH_CAP_MODEL_LISTING));
}

BOOST_AUTO_TEST_CASE(streamed_tool_call_through_the_exchanged_token) {
    CopilotBackend backend;
    auto provider = provider_for(*backend.server);
    ChatResult result;
    chat(*provider, tool_request, result);
    BOOST_REQUIRE_MESSAGE(!result.error, message_of(result.error));
    const auto response = result.events.response();
    BOOST_TEST(response.text == "Checking.");
    check_sole_tool_call(response, "call_w", "get_weather", R"({"city":"Paris"})");
    BOOST_TEST(response.usage.output_tokens == 12);

    const auto requests = backend.server->requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 2u);
    for (const auto& r : requests) {
        BOOST_TEST(r.header("Editor-Version") == "vscode/1.99.3");
        BOOST_TEST(r.header("Editor-Plugin-Version") == "copilot-chat/0.26.7");
        BOOST_TEST(r.header("User-Agent") == "GitHubCopilotChat/0.26.7");
    }
    BOOST_TEST(requests[1].header("Copilot-Integration-Id") == "vscode-chat");
    BOOST_TEST(requests[1].header("X-Initiator") == "user");
    const auto body = boost::json::parse(requests[1].body);
    BOOST_TEST(body.at("tools").as_array().size() == 1u);
}

BOOST_AUTO_TEST_CASE(non_streamed_reply_and_the_token_is_cached_between_calls) {
    CopilotBackend backend;
    backend.chat_reply = [](const RecordedRequest&) {
        return ScriptedResponse::json(
            200,
            R"({"id":"chatcmpl-J","object":"chat.completion","model":"gpt-4.1","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Hi there."}}],"usage":{"prompt_tokens":3,"completion_tokens":2}})");
    };
    auto provider = provider_for(*backend.server);
    for (int i = 0; i < 3; ++i) {
        ChatResult result;
        chat(*provider, R"({"model":"gpt-4.1","stream":false,"messages":[{"role":"user","content":"hi"}]})", result);
        BOOST_REQUIRE_MESSAGE(!result.error, message_of(result.error));
        BOOST_TEST(result.events.response().text == "Hi there.");
    }
    BOOST_TEST(backend.exchanges == 1);
}

BOOST_AUTO_TEST_CASE(a_rejected_copilot_token_is_exchanged_again_once) {
    CopilotBackend backend;
    auto provider = provider_for(*backend.server);
    ChatResult first;
    chat(*provider, tool_request, first);
    BOOST_REQUIRE(!first.error);
    // The backend forgets tid=1 (as if it expired early): the next chat gets 401, exchanges, retries.
    ++backend.exchanges;
    ChatResult second;
    chat(*provider, tool_request, second);
    BOOST_REQUIRE_MESSAGE(!second.error, message_of(second.error));
    BOOST_TEST(backend.exchanges == 3);

    backend.reject_chat = true;
    ChatResult rejected;
    chat(*provider, tool_request, rejected);
    BOOST_REQUIRE(rejected.error);
    BOOST_TEST(rejected.error->error_class() == LLMH_ERR_AUTHENTICATION);
    BOOST_TEST(backend.exchanges == 4); // one more exchange, then it gives up
    BOOST_TEST(rejected.events.events.empty());
}

BOOST_AUTO_TEST_CASE(models_are_listed_through_the_exchanged_token) {
    CopilotBackend backend;
    auto provider = provider_for(*backend.server);
    plugins::CallOptions options;
    options.api_key = "ghu_integration";
    const auto listed = boost::json::parse(provider->list_models(options));
    BOOST_TEST(listed == boost::json::parse(R"({"models":[{"id":"gpt-4.1"}]})"), boost::json::serialize(listed));
    BOOST_TEST(backend.server->requests().back().header("X-GitHub-Api-Version") == "2025-05-01");
}

BOOST_AUTO_TEST_CASE(the_github_token_is_read_from_llmhost_login_file) {
    CopilotBackend backend;
    backend.github_token = "ghu_from_file";
    TempDir config;
    config.write("llmhost/copilot.json", R"({"host":"github.com","user":"octocat","oauth_token":"ghu_from_file"})");
    plugin_host_services().set_env_override("XDG_CONFIG_HOME", config.path());
    auto provider = provider_for(*backend.server);
    ChatResult result;
    chat(*provider, tool_request, result, /*api_key=*/"");
    plugin_host_services().set_env_override("XDG_CONFIG_HOME", "/nonexistent");
    BOOST_REQUIRE_MESSAGE(!result.error, message_of(result.error));
    BOOST_TEST(backend.exchanges == 1);

    // Without the file (and without a key) the call fails before any I/O.
    auto lost = provider_for(*backend.server);
    ChatResult missing;
    chat(*lost, tool_request, missing, "");
    BOOST_REQUIRE(missing.error);
    BOOST_TEST(missing.error->error_class() == LLMH_ERR_MISSING_CREDENTIALS);
    BOOST_TEST(backend.server->requests().size() == 2u);
}

BOOST_AUTO_TEST_CASE(each_failure_class_over_http) {
    struct Case {
        std::string name;
        std::function<ScriptedResponse(const RecordedRequest&)> token;
        std::function<ScriptedResponse(const RecordedRequest&)> chat;
        llmh_error_class expected;
    };
    auto good_token = [](const std::string& api) {
        return [api](const RecordedRequest&) {
            return ScriptedResponse::json(200, R"({"token":"tid=x","expires_at":4102444800,"endpoints":{"api":")" +
                                                   api + R"("}})");
        };
    };
    auto fixed = [](int status, std::string body) {
        return [status, body](const RecordedRequest&) { return ScriptedResponse::json(status, body); };
    };
    // The handlers need the server's own URL for endpoints.api, so it is filled in below.
    std::string api;
    auto token_ok = [&](const RecordedRequest& r) { return good_token(api)(r); };
    const std::vector<Case> cases{
        {"exchange 401", fixed(401, R"({"message":"Bad credentials"})"), {}, LLMH_ERR_AUTHENTICATION},
        {"exchange 403",
         fixed(403, R"({"message":"Resource not accessible by integration"})"),
         {},
         LLMH_ERR_PERMISSION},
        {"exchange 404", fixed(404, R"({"message":"Not Found"})"), {}, LLMH_ERR_PERMISSION},
        {"exchange 500", fixed(500, "{}"), {}, LLMH_ERR_SERVER},
        {"chat 429", token_ok, fixed(429, R"({"error":{"message":"quota window"}})"), LLMH_ERR_RATE_LIMITED},
        {"chat 400", token_ok, fixed(400, R"({"error":{"message":"bad"}})"), LLMH_ERR_BAD_REQUEST},
        {"chat 503", token_ok, fixed(503, R"({"error":{"message":"busy"}})"), LLMH_ERR_OVERLOADED},
        {"chat garbage", token_ok, fixed(200, "not json"), LLMH_ERR_MALFORMED_RESPONSE},
    };
    for (const auto& c : cases) {
        MockUpstream upstream([&](const RecordedRequest& r) {
            if (r.target == "/copilot_internal/v2/token") return c.token(r);
            return c.chat(r);
        });
        api = upstream.base_url();
        auto provider = provider_for(upstream);
        ChatResult result;
        chat(*provider, R"({"model":"gpt-4.1","stream":false,"messages":[{"role":"user","content":"hi"}]})", result);
        BOOST_TEST_INFO(c.name);
        BOOST_REQUIRE(result.error);
        BOOST_TEST(result.error->error_class() == c.expected, c.name << ": " << result.error->what());
        BOOST_TEST(std::string(result.error->what()).find("ghu_integration") == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(an_unreachable_github_is_a_network_error) {
    std::unique_ptr<plugins::ProviderInstance> provider;
    {
        MockUpstream gone([](const RecordedRequest&) { return ScriptedResponse::json(200, "{}"); });
        provider = provider_for(gone);
    }
    ChatResult result;
    chat(*provider, tool_request, result);
    BOOST_REQUIRE(result.error);
    BOOST_TEST(result.error->error_class() == LLMH_ERR_NETWORK);
}
