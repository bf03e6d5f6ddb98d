// The built anthropic plugin loaded by the host's loader, talking through the host's HTTP
// client to an in-process upstream that speaks the Anthropic Messages wire format.
#include "integration/plugin_checks.hpp"
#include "integration/plugin_harness.hpp"
#include "support/mock_upstream.hpp"

#include <llmhost/error.hpp>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace llmhost;
using namespace llmhost::testing;
using namespace std::chrono_literals;

namespace {

std::string config_json(const std::string& id, const std::string& base_url, boost::json::object options = {}) {
    return provider_config(id, base_url, "claude-sonnet-4-5", std::move(options));
}

std::unique_ptr<plugins::ProviderInstance> provider_for(const MockUpstream& upstream, boost::json::object options = {},
                                                        const std::string& id = "anthropic") {
    return built_plugin("anthropic").create(id, config_json(id, upstream.base_url(), std::move(options)));
}

void chat(plugins::ProviderInstance& provider, const std::string& request_json, ChatResult& result,
          std::string_view api_key = "sk-ant-integration") {
    run_plugin_chat(provider, request_json, result, with_api_key(api_key));
}

const std::string stream_request =
    R"({"model":"claude-sonnet-4-5","stream":true,"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Weather in Paris?"}],
        "tools":[{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}]})";
const std::string plain_request =
    R"({"model":"claude-sonnet-4-5","stream":false,"messages":[{"role":"user","content":"hi"}]})";

std::string event(std::string_view name, std::string_view data) {
    return "event: " + std::string(name) + "\ndata: " + std::string(data) + "\n\n";
}

const std::string message_start = event(
    "message_start",
    R"({"type":"message_start","message":{"id":"msg_I1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":472,"cache_read_input_tokens":28,"output_tokens":2}}})");

std::string text_delta(std::string_view text) {
    return event("content_block_delta",
                 R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":")" +
                     std::string(text) + R"("}})");
}

} // namespace

BOOST_AUTO_TEST_CASE(metadata_is_read_without_loading) {
    // anthropic comes first (anthropic-custom:<URL> takes its default model); the vendors'
    // Anthropic-compatible endpoints follow (tests/unit/provider_catalog_test.cpp).
    const auto metadata = built_plugin_metadata("anthropic");
    BOOST_REQUIRE(!metadata.providers.empty());
    const auto p = metadata.providers.front();
    BOOST_TEST(p.id == "anthropic");
    BOOST_TEST(p.aliases == std::vector<std::string>{"claude"}, boost::test_tools::per_element());
    BOOST_TEST(p.base_url == "https://api.anthropic.com");
    BOOST_TEST(p.key_env == std::vector<std::string>{"ANTHROPIC_API_KEY"}, boost::test_tools::per_element());
    BOOST_TEST(!p.keyless);
    BOOST_TEST(p.default_model == "claude-sonnet-4-5");
    const uint32_t expected = LLMH_CAP_CHAT | LLMH_CAP_STREAMING | LLMH_CAP_TOOLS | LLMH_CAP_STRUCTURED_OUTPUT |
                              LLMH_CAP_VISION | LLMH_CAP_REASONING | LLMH_CAP_MODEL_LISTING;
    BOOST_TEST(p.capabilities == expected); // no embeddings
}

BOOST_AUTO_TEST_CASE(streamed_text_tool_call_and_usage) {
    MockUpstream upstream([](const RecordedRequest&) {
        auto r = ScriptedResponse::sse({
            message_start,
            event("content_block_start",
                  R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})"),
            event("ping", R"({"type": "ping"})"),
            text_delta("Let me check."),
            event("content_block_stop", R"({"type":"content_block_stop","index":0})"),
            event(
                "content_block_start",
                R"({"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{}}})"),
            event(
                "content_block_delta",
                R"({"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"Par"}})"),
            event(
                "content_block_delta",
                R"({"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"is\"}"}})"),
            event("content_block_stop", R"({"type":"content_block_stop","index":1})"),
            event(
                "message_delta",
                R"({"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":41}})"),
            event("message_stop", R"({"type":"message_stop"})"),
        });
        r.delay_between_chunks = 5ms;
        return r;
    });
    auto provider = provider_for(upstream);
    ChatResult result;
    chat(*provider, stream_request, result);
    BOOST_REQUIRE_MESSAGE(!result.error, (result.error ? result.error->what() : ""));
    const auto response = result.events.response();
    BOOST_TEST(response.id == "msg_I1");
    BOOST_TEST(response.model == "claude-sonnet-4-5");
    BOOST_TEST(response.text == "Let me check.");
    check_sole_tool_call(response, "toolu_01", "get_weather", R"({"city": "Paris"})");
    BOOST_TEST(response.usage.input_tokens == 500);
    BOOST_TEST(response.usage.output_tokens == 41);
    BOOST_TEST(response.usage.cached_input_tokens == 28);

    const auto request = sole_request(upstream, "POST", "/v1/messages");
    BOOST_TEST(request.header("x-api-key") == "sk-ant-integration");
    BOOST_TEST(request.header("anthropic-version") == "2023-06-01");
    BOOST_TEST(request.header("authorization").empty());
    const auto body = boost::json::parse(request.body);
    BOOST_TEST(body.at("stream") == true);
    BOOST_TEST(body.at("system") == "Be brief.");
    BOOST_TEST(body.at("max_tokens") == 4096);
    BOOST_TEST(body.at("tools").at(0).at("input_schema").at("type") == "object");
}

BOOST_AUTO_TEST_CASE(non_streamed_message) {
    MockUpstream upstream([](const RecordedRequest&) {
        return ScriptedResponse::json(200,
                                      R"({"id":"msg_A1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
            "content":[{"type":"text","text":"Hello!"}],"stop_reason":"end_turn","stop_sequence":null,
            "usage":{"input_tokens":5,"output_tokens":2,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}})");
    });
    auto provider = provider_for(upstream);
    ChatResult result;
    chat(*provider, plain_request, result);
    BOOST_REQUIRE_MESSAGE(!result.error, (result.error ? result.error->what() : ""));
    const std::vector<std::string> expected{"start id=msg_A1 model=claude-sonnet-4-5", "text Hello!",
                                            "usage in=5 out=2 cached=0 reasoning=-1 cache_write=0", "finish stop"};
    const auto lines = result.events.lines();
    BOOST_TEST(lines == expected, boost::test_tools::per_element());
    BOOST_TEST(upstream.requests().at(0).header("Accept") == "application/json");
}

BOOST_AUTO_TEST_CASE(error_classes_over_http) {
    const std::vector<HttpErrorCase> cases{
        {401,
         {},
         R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}})",
         LLMH_ERR_AUTHENTICATION,
         -1},
        {400,
         {},
         R"({"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 208310 tokens > 200000 maximum"}})",
         LLMH_ERR_CONTEXT_LENGTH,
         -1},
        {429,
         {{"retry-after", "3"}},
         R"({"type":"error","error":{"type":"rate_limit_error","message":"Rate limited"}})",
         LLMH_ERR_RATE_LIMITED,
         3000},
        {529,
         {},
         R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})",
         LLMH_ERR_OVERLOADED,
         -1},
        {500, {}, "upstream went away", LLMH_ERR_SERVER, -1},
    };
    check_error_table(
        cases, [](const MockUpstream& upstream) { return provider_for(upstream); }, stream_request, plain_request,
        "sk-ant-secret-integration");
}

BOOST_AUTO_TEST_CASE(mid_stream_error_event) {
    MockUpstream upstream([](const RecordedRequest&) {
        return ScriptedResponse::sse(
            {message_start, text_delta("par"),
             event("error", R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})")});
    });
    auto provider = provider_for(upstream);
    ChatResult result;
    chat(*provider, stream_request, result);
    BOOST_REQUIRE(result.error);
    BOOST_TEST(result.error->error_class() == LLMH_ERR_OVERLOADED);
    BOOST_TEST(result.events.response().text == "par");
}

BOOST_AUTO_TEST_CASE(truncated_streams_are_malformed) {
    check_truncated_streams(
        ScriptedResponse::sse({message_start, text_delta("Hel"), text_delta("lo")}),
        [](const MockUpstream& upstream) { return provider_for(upstream); }, stream_request, "sk-ant-integration",
        "stream ended before message_stop");
}

BOOST_AUTO_TEST_CASE(models_over_http) {
    MockUpstream upstream([](const RecordedRequest&) {
        return ScriptedResponse::json(
            200, R"({"data":[{"type":"model","id":"claude-sonnet-4-5","display_name":"Claude Sonnet 4.5",
            "created_at":"2025-09-29T00:00:00Z"}],"has_more":false,"first_id":"claude-sonnet-4-5","last_id":"claude-sonnet-4-5"})");
    });
    auto provider = provider_for(upstream);
    plugins::CallOptions options;
    options.api_key = "sk-ant-m";
    const auto models = boost::json::parse(provider->list_models(options));
    BOOST_TEST(models ==
               boost::json::parse(R"({"models":[{"id":"claude-sonnet-4-5","display_name":"Claude Sonnet 4.5"}]})"));
    const auto request = sole_request(upstream, "GET", "/v1/models?limit=1000");
    BOOST_TEST(request.header("x-api-key") == "sk-ant-m");
}

BOOST_AUTO_TEST_CASE(bearer_tokens_and_beta_headers_through_the_loader) {
    MockUpstream upstream([](const RecordedRequest&) {
        return ScriptedResponse::sse({message_start, event("message_stop", R"({"type":"message_stop"})")});
    });
    auto provider = provider_for(upstream, {{"auth", "bearer"}, {"anthropic_beta", "oauth-2025-04-20"}});
    ChatResult result;
    chat(*provider, stream_request, result, "sk-ant-oat01-token");
    BOOST_REQUIRE_MESSAGE(!result.error, (result.error ? result.error->what() : ""));
    const auto request = upstream.requests().at(0);
    BOOST_TEST(request.header("authorization") == "Bearer sk-ant-oat01-token");
    BOOST_TEST(request.header("x-api-key").empty());
    BOOST_TEST(request.header("anthropic-beta") == "oauth-2025-04-20");
}

BOOST_AUTO_TEST_CASE(create_rejects_unknown_options_through_the_loader) {
    try {
        built_plugin("anthropic")
            .create("anthropic", config_json("anthropic", "http://127.0.0.1:1", {{"temperature", 1}}));
        BOOST_FAIL("expected the plugin to refuse the option");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_INVALID_CONFIG);
        BOOST_TEST(std::string(e.what()).find("known options: auth, anthropic_version, anthropic_beta, "
                                              "default_max_tokens") != std::string::npos,
                   e.what());
    }
}
