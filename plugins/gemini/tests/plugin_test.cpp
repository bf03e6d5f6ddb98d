// The built gemini plugin loaded by the host's loader, talking through the host's HTTP client
// to an in-process upstream that speaks Gemini's wire format (docs/protocols/gemini.md).
#include "integration/plugin_checks.hpp"
#include "integration/plugin_harness.hpp"
#include "support/mock_upstream.hpp"

#include <llmhost/error.hpp>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace llmhost;
using namespace llmhost::testing;
using namespace std::chrono_literals;

namespace {

const std::string api_key = "AIzaSyINTEGRATION-secret";

std::string config_json(const std::string& base_url, boost::json::object options = {}) {
    return provider_config("gemini", base_url, "gemini-2.5-flash", std::move(options));
}

// The upstream's root stands in for https://generativelanguage.googleapis.com; the plugin adds
// the API version.
std::unique_ptr<plugins::ProviderInstance> provider_for(const MockUpstream& upstream) {
    return built_plugin("gemini").create("gemini", config_json(upstream.base_url()));
}

plugins::CallOptions with_key(std::string_view key = api_key) { return with_api_key(key); }

void chat(plugins::ProviderInstance& provider, const std::string& request_json, ChatResult& result) {
    run_plugin_chat(provider, request_json, result, with_key());
}

const std::string stream_request =
    R"({"model":"gemini-2.5-pro","stream":true,"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Weather in Paris?"}],
        "tools":[{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}],
        "reasoning":{"effort":"low"}})";
const std::string plain_request = R"({"model":"","stream":false,"messages":[{"role":"user","content":"hi"}]})";

std::string event(const std::string& json) { return "data: " + json + "\r\n\r\n"; }

// Text in two events and no finishReason.
ScriptedResponse hello_stream() {
    return ScriptedResponse::sse({event(R"({"candidates":[{"content":{"parts":[{"text":"Hel"}]}}]})"),
                                  event(R"({"candidates":[{"content":{"parts":[{"text":"lo"}]}}]})")});
}

} // namespace

BOOST_AUTO_TEST_CASE(metadata_is_read_without_loading) {
    const auto p = sole_provider_metadata("gemini");
    BOOST_TEST(p.aliases == (std::vector<std::string>{"google", "google-gemini"}), boost::test_tools::per_element());
    BOOST_TEST(p.key_env == (std::vector<std::string>{"GEMINI_API_KEY", "GOOGLE_API_KEY"}),
               boost::test_tools::per_element());
    BOOST_TEST(!p.keyless);
    BOOST_TEST(p.base_url == "https://generativelanguage.googleapis.com/v1beta");
    BOOST_TEST(p.default_model == "gemini-2.5-flash");
    const uint32_t all = LLMH_CAP_CHAT | LLMH_CAP_STREAMING | LLMH_CAP_TOOLS | LLMH_CAP_STRUCTURED_OUTPUT |
                         LLMH_CAP_EMBEDDINGS | LLMH_CAP_VISION | LLMH_CAP_REASONING | LLMH_CAP_MODEL_LISTING;
    BOOST_TEST(p.capabilities == all);
}

BOOST_AUTO_TEST_CASE(streamed_reasoning_text_tool_call_and_usage) {
    MockUpstream upstream([](const RecordedRequest&) {
        auto r = ScriptedResponse::sse({
            event(
                R"({"candidates":[{"content":{"role":"model","parts":[{"text":"User wants weather.","thought":true}]},"index":0}],"usageMetadata":{"promptTokenCount":30},"modelVersion":"gemini-2.5-pro","responseId":"g-1"})"),
            event(
                R"({"candidates":[{"content":{"role":"model","parts":[{"text":"Let me check."}]},"index":0}],"modelVersion":"gemini-2.5-pro","responseId":"g-1"})"),
            event(
                R"({"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"CiQB"}]},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":30,"candidatesTokenCount":9,"thoughtsTokenCount":40,"cachedContentTokenCount":4},"modelVersion":"gemini-2.5-pro","responseId":"g-1"})"),
        });
        r.delay_between_chunks = 5ms;
        return r;
    });
    auto provider = provider_for(upstream);
    ChatResult result;
    chat(*provider, stream_request, result);
    BOOST_REQUIRE_MESSAGE(!result.error, (result.error ? result.error->what() : ""));
    const auto response = result.events.response();
    BOOST_TEST(response.id == "g-1");
    BOOST_TEST(response.model == "gemini-2.5-pro");
    BOOST_TEST(response.reasoning == "User wants weather.");
    BOOST_TEST(response.text == "Let me check.");
    check_sole_tool_call(response, "call_0", "get_weather", R"({"city":"Paris"})");
    BOOST_TEST(response.usage.input_tokens == 30);
    BOOST_TEST(response.usage.output_tokens == 49);
    BOOST_TEST(response.usage.cached_input_tokens == 4);
    BOOST_TEST(response.usage.reasoning_tokens == 40);

    const auto request = sole_request(upstream, "POST", "/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse");
    BOOST_TEST(request.header("x-goog-api-key") == api_key);
    BOOST_TEST(request.target.find("key") == std::string::npos);
    const auto body = boost::json::parse(request.body);
    BOOST_TEST(body.at("systemInstruction").at("parts").at(0).at("text") == "Be brief.");
    BOOST_TEST(body.at("contents").at(0).at("role") == "user");
    BOOST_TEST(body.at("tools").at(0).at("functionDeclarations").at(0).at("name") == "get_weather");
    BOOST_TEST(body.at("generationConfig").at("thinkingConfig").at("thinkingBudget") == 1024);
}

BOOST_AUTO_TEST_CASE(non_streamed_answer) {
    MockUpstream upstream([](const RecordedRequest&) {
        return ScriptedResponse::json(200, R"({"candidates":[{"content":{"role":"model","parts":[{"text":"Hello!"}]},
            "finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":2,"totalTokenCount":7},
            "modelVersion":"gemini-2.5-flash","responseId":"g-2"})");
    });
    auto provider = provider_for(upstream);
    ChatResult result;
    chat(*provider, plain_request, result);
    BOOST_REQUIRE_MESSAGE(!result.error, (result.error ? result.error->what() : ""));
    const std::vector<std::string> expected{"start id=g-2 model=gemini-2.5-flash", "text Hello!",
                                            "usage in=5 out=2 cached=-1 reasoning=-1", "finish stop"};
    const auto lines = result.events.lines();
    BOOST_TEST(lines == expected, boost::test_tools::per_element());
    const auto requests = upstream.requests();
    BOOST_TEST(requests.at(0).target == "/v1beta/models/gemini-2.5-flash:generateContent");
    BOOST_TEST(requests.at(0).header("Accept") == "application/json");
}

BOOST_AUTO_TEST_CASE(each_error_class_over_http) {
    auto google = [](int code, const std::string& status, const std::string& message, const std::string& details = "") {
        return R"({"error":{"code":)" + std::to_string(code) + R"(,"message":")" + message + R"(","status":")" +
               status + "\"" + (details.empty() ? "" : ",\"details\":" + details) + "}}";
    };
    const std::vector<HttpErrorCase> cases{
        {400,
         {},
         google(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
                R"([{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}])"),
         LLMH_ERR_AUTHENTICATION,
         -1},
        {400, {}, google(400, "INVALID_ARGUMENT", "Invalid JSON payload received."), LLMH_ERR_BAD_REQUEST, -1},
        {400,
         {},
         google(400, "INVALID_ARGUMENT",
                "The input token count (2000000) exceeds the maximum number of tokens allowed (1048576)."),
         LLMH_ERR_CONTEXT_LENGTH,
         -1},
        {403, {}, google(403, "PERMISSION_DENIED", "Permission denied"), LLMH_ERR_PERMISSION, -1},
        {404, {}, google(404, "NOT_FOUND", "models/x is not found"), LLMH_ERR_NOT_FOUND, -1},
        {429,
         {},
         google(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota",
                R"([{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"17s"}])"),
         LLMH_ERR_RATE_LIMITED,
         17000},
        {429,
         {{"Retry-After", "3"}},
         google(429, "RESOURCE_EXHAUSTED", "Resource exhausted"),
         LLMH_ERR_RATE_LIMITED,
         3000},
        {500, {}, google(500, "INTERNAL", "Internal error"), LLMH_ERR_SERVER, -1},
        {503, {}, google(503, "UNAVAILABLE", "The model is overloaded."), LLMH_ERR_OVERLOADED, -1},
        {504, {}, google(504, "DEADLINE_EXCEEDED", "Deadline exceeded"), LLMH_ERR_TIMEOUT, -1},
    };
    check_error_table(cases, provider_for, stream_request, plain_request, api_key);
}

BOOST_AUTO_TEST_CASE(stream_switching_to_a_bare_json_error) {
    MockUpstream upstream([](const RecordedRequest&) {
        return ScriptedResponse::sse(
            {event(R"({"candidates":[{"content":{"parts":[{"text":"par"}]}}]})"),
             "{\n  \"error\": {\n    \"code\": 503,\n    \"message\": \"The model is overloaded.\",\n",
             "    \"status\": \"UNAVAILABLE\"\n  }\n}\n"});
    });
    auto provider = provider_for(upstream);
    ChatResult result;
    chat(*provider, stream_request, result);
    BOOST_REQUIRE(result.error);
    BOOST_TEST(result.error->error_class() == LLMH_ERR_OVERLOADED);
    BOOST_TEST(result.error->http_status() == 503);
    BOOST_TEST(result.events.response().text == "par");
}

BOOST_AUTO_TEST_CASE(streams_cut_short_are_malformed) {
    // Ended cleanly without a finishReason, then cut off mid-body.
    check_stream_stopping_short(hello_stream(), provider_for, stream_request, api_key, "without a finishReason");
    check_truncated_streams(hello_stream(), provider_for, stream_request, api_key, "without a finishReason");
}

BOOST_AUTO_TEST_CASE(models_with_pagination_and_embeddings) {
    MockUpstream upstream([](const RecordedRequest& r) {
        if (r.target == "/v1beta/models?pageSize=1000")
            return ScriptedResponse::json(
                200, R"({"models":[{"name":"models/gemini-2.5-flash","displayName":"Gemini 2.5 Flash",
                "inputTokenLimit":1048576,"outputTokenLimit":65536,"supportedGenerationMethods":["generateContent"]},
                {"name":"models/gemini-embedding-001","supportedGenerationMethods":["embedContent"]}],"nextPageToken":"n2"})");
        if (r.target == "/v1beta/models?pageSize=1000&pageToken=n2")
            return ScriptedResponse::json(
                200,
                R"({"models":[{"name":"models/gemini-2.5-pro","supportedGenerationMethods":["generateContent"]}]})");
        if (r.target == "/v1beta/models/gemini-embedding-001:batchEmbedContents")
            return ScriptedResponse::json(200, R"({"embeddings":[{"values":[0.5,0.25]},{"values":[1,2]}]})");
        return ScriptedResponse::json(404, R"({"error":{"code":404,"message":"no such route","status":"NOT_FOUND"}})");
    });
    auto provider = provider_for(upstream);
    const auto models = boost::json::parse(provider->list_models(with_key()));
    BOOST_TEST(models == boost::json::parse(R"({"models":[{"id":"gemini-2.5-flash","display_name":"Gemini 2.5 Flash",
        "input_token_limit":1048576,"output_token_limit":65536},{"id":"gemini-2.5-pro"}]})"),
               boost::json::serialize(models));
    // The chat default model embeds with the embedding model.
    const auto embedded =
        boost::json::parse(provider->embed(R"({"model":"gemini-2.5-flash","input":["hi","there"]})", with_key()));
    BOOST_TEST(embedded ==
                   boost::json::parse(R"({"model":"gemini-embedding-001","data":[{"index":0,"embedding":[0.5,0.25]},
        {"index":1,"embedding":[1,2]}],"usage":{}})"),
               boost::json::serialize(embedded));
    const auto requests = upstream.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 3u);
    BOOST_TEST(requests[0].method == "GET");
    for (const auto& r : requests)
        BOOST_TEST(r.header("x-goog-api-key") == api_key);
}

BOOST_AUTO_TEST_CASE(create_rejects_unknown_options_through_the_loader) {
    try {
        built_plugin("gemini").create("gemini", config_json("http://127.0.0.1:1", {{"region", "eu"}}));
        BOOST_FAIL("expected the plugin to refuse the option");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_INVALID_CONFIG);
        BOOST_TEST(std::string(e.what()).find("known options: embedding_model, api_version") != std::string::npos,
                   e.what());
    }
}
