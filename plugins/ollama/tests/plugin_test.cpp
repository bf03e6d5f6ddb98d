// The built ollama plugin loaded by the host's loader, talking through the host's HTTP client
// to an in-process upstream that speaks Ollama's native wire format (NDJSON streams).
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

std::string config_json(const std::string& base_url, boost::json::object options = {}) {
    return provider_config("ollama", base_url, "llama3.2", std::move(options));
}

std::unique_ptr<plugins::ProviderInstance> provider_for(const MockUpstream& upstream,
                                                        boost::json::object options = {}) {
    return built_plugin("ollama").create("ollama", config_json(upstream.base_url(), std::move(options)));
}

void chat(plugins::ProviderInstance& provider, const std::string& request_json, ChatResult& result,
          std::string_view api_key = {}) {
    run_plugin_chat(provider, request_json, result, with_api_key(api_key));
}

const std::string stream_request =
    R"({"model":"llama3.2","stream":true,"messages":[{"role":"user","content":"Weather in Tokyo?"}],
        "tools":[{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}],
        "max_tokens":64})";
const std::string plain_request = R"({"model":"llama3.2","stream":false,"messages":[{"role":"user","content":"hi"}]})";

std::string line(const std::string& message_fields, const std::string& tail = R"("done":false)") {
    return R"({"model":"llama3.2","created_at":"2025-07-07T20:22:19.18Z","message":{"role":"assistant",)" +
           message_fields + "}," + tail + "}\n";
}

const std::string done_line =
    R"({"model":"llama3.2","created_at":"2025-07-07T20:22:19.19Z","message":{"role":"assistant","content":""},"done_reason":"stop","done":true,"total_duration":182242375,"prompt_eval_count":169,"eval_count":15})"
    "\n";

ScriptedResponse ndjson(std::vector<std::string> chunks) {
    ScriptedResponse r;
    r.headers = {{"Content-Type", "application/x-ndjson"}};
    r.chunks = std::move(chunks);
    r.chunked = true;
    return r;
}

} // namespace

BOOST_AUTO_TEST_CASE(metadata_is_read_without_loading) {
    const auto p = sole_provider_metadata("ollama");
    BOOST_TEST(p.keyless);
    BOOST_TEST(p.base_url == "http://localhost:11434");
    BOOST_TEST(p.default_model == "llama3.2");
    BOOST_TEST(p.key_env == std::vector<std::string>{"OLLAMA_API_KEY"}, boost::test_tools::per_element());
    const uint32_t all = LLMH_CAP_CHAT | LLMH_CAP_STREAMING | LLMH_CAP_TOOLS | LLMH_CAP_STRUCTURED_OUTPUT |
                         LLMH_CAP_EMBEDDINGS | LLMH_CAP_VISION | LLMH_CAP_REASONING | LLMH_CAP_MODEL_LISTING;
    BOOST_TEST(p.capabilities == all);
}

BOOST_AUTO_TEST_CASE(streamed_thinking_text_tool_call_and_usage) {
    MockUpstream upstream([](const RecordedRequest&) {
        auto r = ndjson(
            {line(R"("content":"","thinking":"Need the tool.")"), line(R"("content":"Let me check.")"),
             // one line delivered in two pieces, as a slow server may flush it
             line(R"("content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Tokyo"}}}])")
                 .substr(0, 40),
             line(R"("content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Tokyo"}}}])")
                 .substr(40),
             done_line});
        r.delay_between_chunks = 5ms;
        return r;
    });
    auto provider = provider_for(upstream, {{"options", {{"num_ctx", 8192}}}, {"keep_alive", "10m"}});
    ChatResult result;
    chat(*provider, stream_request, result);
    BOOST_REQUIRE_MESSAGE(!result.error, (result.error ? result.error->what() : ""));
    const std::vector<std::string> expected{"start id= model=llama3.2",
                                            "reasoning Need the tool.",
                                            "state -1 origin=ollama",
                                            "text Let me check.",
                                            "tool_start 0 call_0 get_weather",
                                            R"(tool_delta 0 {"city":"Tokyo"})",
                                            "usage in=169 out=15 cached=-1 reasoning=-1",
                                            "finish tool_calls"};
    BOOST_TEST(result.events.lines() == expected, boost::test_tools::per_element());

    const auto request = sole_request(upstream, "POST", "/api/chat");
    BOOST_TEST(request.header("Accept") == "application/x-ndjson");
    BOOST_TEST(request.header("Authorization").empty());
    const auto body = boost::json::parse(request.body);
    BOOST_TEST(body.at("stream") == true);
    BOOST_TEST(body.at("options") == boost::json::parse(R"({"num_ctx":8192,"num_predict":64})"));
    BOOST_TEST(body.at("keep_alive") == "10m");
    BOOST_TEST(body.at("tools").at(0).at("function").at("name") == "get_weather");
}

BOOST_AUTO_TEST_CASE(non_streamed_reply) {
    MockUpstream upstream([](const RecordedRequest&) {
        return ScriptedResponse::json(
            200,
            R"({"model":"llama3.2","message":{"role":"assistant","content":"Hello!"},"done":true,"done_reason":"stop","prompt_eval_count":5,"eval_count":2})");
    });
    auto provider = provider_for(upstream);
    ChatResult result;
    chat(*provider, plain_request, result);
    BOOST_REQUIRE_MESSAGE(!result.error, (result.error ? result.error->what() : ""));
    const std::vector<std::string> expected{"start id= model=llama3.2", "text Hello!",
                                            "usage in=5 out=2 cached=-1 reasoning=-1", "finish stop"};
    BOOST_TEST(result.events.lines() == expected, boost::test_tools::per_element());
    BOOST_TEST(upstream.requests().at(0).header("Accept") == "application/json");
    BOOST_TEST(boost::json::parse(upstream.requests().at(0).body).at("stream") == false);
}

BOOST_AUTO_TEST_CASE(each_error_class_over_http) {
    const std::vector<HttpErrorCase> cases{
        {404, {}, R"({"error":"model 'llama9' not found"})", LLMH_ERR_NOT_FOUND, -1},
        {400, {}, R"({"error":"invalid options"})", LLMH_ERR_BAD_REQUEST, -1},
        {400, {}, R"({"error":"input exceeds the context length"})", LLMH_ERR_CONTEXT_LENGTH, -1},
        {429, {{"Retry-After", "3"}}, R"({"error":"too many requests"})", LLMH_ERR_RATE_LIMITED, 3000},
        {500, {}, R"({"error":"llama runner process has terminated"})", LLMH_ERR_SERVER, -1},
        {502, {}, R"({"error":"cloud model unreachable"})", LLMH_ERR_SERVER, -1},
        {401, {}, R"({"error":"unauthorized: key ol-secret-integration"})", LLMH_ERR_AUTHENTICATION, -1},
    };
    check_error_table(
        cases, [](const MockUpstream& upstream) { return provider_for(upstream); }, stream_request, plain_request,
        "ol-secret-integration");
}

BOOST_AUTO_TEST_CASE(error_line_in_a_200_stream) {
    MockUpstream upstream([](const RecordedRequest&) {
        return ndjson({line(R"("content":"par")"), R"({"error":"model 'llama3.2' not found"})"
                                                   "\n"});
    });
    auto provider = provider_for(upstream);
    ChatResult result;
    chat(*provider, stream_request, result);
    BOOST_REQUIRE(result.error);
    BOOST_TEST(result.error->error_class() == LLMH_ERR_NOT_FOUND);
    BOOST_TEST(result.events.response().text == "par");
}

BOOST_AUTO_TEST_CASE(truncated_streams_are_malformed) {
    check_truncated_streams(
        ndjson({line(R"("content":"Hel")"), line(R"("content":"lo")")}),
        [](const MockUpstream& upstream) { return provider_for(upstream); }, stream_request, {}, "done:true");
}

BOOST_AUTO_TEST_CASE(embeddings_and_models_over_http) {
    MockUpstream upstream([](const RecordedRequest& r) {
        if (r.target == "/api/embed")
            return ScriptedResponse::json(
                200, R"({"model":"nomic-embed-text","embeddings":[[0.5,0.25],[0.125,1]],"prompt_eval_count":4})");
        return ScriptedResponse::json(
            200, R"({"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","size":2019393189,
                "details":{"format":"gguf","family":"llama","parameter_size":"3.2B","quantization_level":"Q4_K_M"}}]})");
    });
    auto provider = provider_for(upstream);
    plugins::CallOptions options;
    const auto embedded =
        boost::json::parse(provider->embed(R"({"model":"nomic-embed-text","input":["hi","there"]})", options));
    BOOST_TEST(
        embedded ==
            boost::json::parse(
                R"({"model":"nomic-embed-text","data":[{"index":0,"embedding":[0.5,0.25]},{"index":1,"embedding":[0.125,1]}],"usage":{"input_tokens":4}})"),
        boost::json::serialize(embedded));
    const auto models = boost::json::parse(provider->list_models(options));
    BOOST_TEST(models == boost::json::parse(R"({"models":[{"id":"llama3.2:latest","size":2019393189,"family":"llama",
                   "parameter_size":"3.2B","quantization_level":"Q4_K_M"}]})"),
               boost::json::serialize(models));
    const auto requests = upstream.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 2u);
    BOOST_TEST(requests[0].method == "POST");
    BOOST_TEST(requests[0].target == "/api/embed");
    BOOST_TEST(boost::json::parse(requests[0].body) ==
               boost::json::parse(R"({"model":"nomic-embed-text","input":["hi","there"]})"));
    BOOST_TEST(requests[1].method == "GET");
    BOOST_TEST(requests[1].target == "/api/tags");
}

BOOST_AUTO_TEST_CASE(the_cloud_key_is_a_bearer_token) {
    MockUpstream upstream([](const RecordedRequest&) { return ndjson({done_line}); });
    auto provider = provider_for(upstream);
    for (std::string key : {"ollama-cloud-key", ""}) {
        ChatResult result;
        chat(*provider, stream_request, result, key);
        BOOST_REQUIRE(!result.error);
    }
    const auto requests = upstream.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 2u);
    BOOST_TEST(requests[0].header("Authorization") == "Bearer ollama-cloud-key");
    BOOST_TEST(requests[1].header("Authorization").empty());
}

BOOST_AUTO_TEST_CASE(ollama_host_from_the_host_environment) {
    MockUpstream upstream([](const RecordedRequest&) { return ScriptedResponse::json(200, R"({"models":[]})"); });
    // "0.0.0.0:PORT" is how a server is told to listen; the plugin connects to 127.0.0.1.
    plugin_host_services().set_env_override("OLLAMA_HOST", "0.0.0.0:" + std::to_string(upstream.port()));
    auto provider = built_plugin("ollama").create("ollama", config_json("http://localhost:11434"));
    plugin_host_services().set_env_override("OLLAMA_HOST", "");
    plugins::CallOptions options;
    BOOST_TEST(boost::json::parse(provider->list_models(options)) == boost::json::parse(R"({"models":[]})"));
    BOOST_REQUIRE_EQUAL(upstream.requests().size(), 1u);
    BOOST_TEST(upstream.requests()[0].target == "/api/tags");
}

BOOST_AUTO_TEST_CASE(create_rejects_unknown_options_through_the_loader) {
    try {
        built_plugin("ollama").create("ollama", config_json("http://127.0.0.1:1", {{"num_ctx", 8192}}));
        BOOST_FAIL("expected the plugin to refuse the option");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_INVALID_CONFIG);
        BOOST_TEST(std::string(e.what()).find("known options: options, keep_alive, think") != std::string::npos,
                   e.what());
    }
}
