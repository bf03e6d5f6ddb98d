// The built dmr plugin loaded by the host's loader, found through MODEL_RUNNER_HOST and talking
// through the host's HTTP client to an in-process upstream that answers as Docker Model Runner
// does (docs/protocols/dmr.md): _configure with 202 or a plain-text refusal, then the OpenAI API.
#include "integration/plugin_checks.hpp"
#include "integration/plugin_harness.hpp"
#include "support/mock_upstream.hpp"

#include <llmhost/error.hpp>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace llmhost;
using namespace llmhost::testing;
using namespace std::chrono_literals;

namespace {

// A provider with no base_url, found through MODEL_RUNNER_HOST = the upstream.
std::unique_ptr<plugins::ProviderInstance> provider_for(const MockUpstream& upstream, boost::json::object options) {
    plugin_host_services().set_env_override("MODEL_RUNNER_HOST", upstream.base_url());
    return built_plugin("dmr").create("dmr", provider_config("dmr", "", "ai/qwen3", std::move(options)));
}

std::optional<Error> chat(plugins::ProviderInstance& provider, EventRecorder& events) {
    return run_plugin_chat(provider, R"({"model":"","stream":true,"messages":[{"role":"user","content":"hi"}]})",
                           events);
}

ScriptedResponse accepted() {
    ScriptedResponse r;
    r.status = 202;
    r.headers = {{"Content-Type", "text/plain; charset=utf-8"}};
    return r;
}

std::string chunk(const std::string& delta_and_finish) {
    return R"(data: {"id":"chatcmpl-D1","object":"chat.completion.chunk","model":"ai/qwen3","choices":[{"index":0,)" +
           delta_and_finish + "}]}\n\n";
}

ScriptedResponse qwen_stream() {
    return ScriptedResponse::sse(
        {chunk(R"("delta":{"role":"assistant","reasoning_content":"Greeting."},"finish_reason":null)"),
         chunk(R"("delta":{"content":"Hi!"},"finish_reason":null)"), chunk(R"("delta":{},"finish_reason":"stop")"),
         R"(data: {"id":"chatcmpl-D1","object":"chat.completion.chunk","model":"ai/qwen3","choices":[],"usage":{"prompt_tokens":4,"completion_tokens":5,"total_tokens":9},"timings":{"predicted_n":5}})"
         "\n\n",
         "data: [DONE]\n\n"});
}

size_t count_target(const std::vector<RecordedRequest>& requests, std::string_view target) {
    return static_cast<size_t>(
        std::count_if(requests.begin(), requests.end(), [&](const RecordedRequest& r) { return r.target == target; }));
}

} // namespace

BOOST_AUTO_TEST_CASE(metadata_is_read_without_loading) {
    const auto p = sole_provider_metadata("dmr");
    const std::vector<std::string> aliases{"docker-model-runner", "docker", "docker_model_runner"};
    BOOST_TEST(p.aliases == aliases, boost::test_tools::per_element());
    BOOST_TEST(p.keyless);
    BOOST_TEST(p.base_url.empty()); // resolved by the plugin's discovery
    BOOST_TEST(p.default_model == "ai/qwen3");
    BOOST_TEST(p.capabilities == (LLMH_CAP_CHAT | LLMH_CAP_STREAMING | LLMH_CAP_TOOLS | LLMH_CAP_STRUCTURED_OUTPUT |
                                  LLMH_CAP_EMBEDDINGS | LLMH_CAP_MODEL_LISTING));
}

BOOST_AUTO_TEST_CASE(configure_then_stream_over_http) {
    MockUpstream upstream([](const RecordedRequest& r) {
        if (r.target == "/engines/_configure") return accepted();
        return qwen_stream();
    });
    auto provider = provider_for(upstream, {{"context_size", 8192}, {"runtime_flags", "--temp 0.2"}});
    EventRecorder events;
    const auto error = chat(*provider, events);
    BOOST_REQUIRE_MESSAGE(!error, (error ? error->what() : ""));
    const auto response = events.response();
    BOOST_TEST(response.text == "Hi!");
    BOOST_TEST(response.reasoning == "Greeting.");
    BOOST_TEST(response.usage.output_tokens == 5);

    const auto requests = upstream.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 2u);
    BOOST_TEST(requests[0].method == "POST");
    BOOST_TEST(requests[0].target == "/engines/_configure");
    BOOST_TEST(boost::json::parse(requests[0].body) ==
               boost::json::parse(R"({"model":"ai/qwen3","context-size":8192,"runtime-flags":["--temp","0.2"]})"));
    BOOST_TEST(requests[1].target == "/engines/v1/chat/completions");
    BOOST_TEST(requests[1].header("authorization").empty());
}

BOOST_AUTO_TEST_CASE(concurrent_first_requests_configure_once) {
    MockUpstream upstream([](const RecordedRequest& r) {
        if (r.target == "/engines/_configure") {
            auto slow = accepted();
            slow.delay_before_head = 150ms; // the other requests arrive while it is in flight
            return slow;
        }
        return qwen_stream();
    });
    auto provider = provider_for(upstream, {{"context_size", 4096}});
    constexpr int callers = 4;
    std::vector<std::optional<Error>> errors(callers);
    std::vector<std::thread> threads;
    for (int i = 0; i < callers; ++i)
        threads.emplace_back([&, i] {
            EventRecorder events;
            errors[static_cast<size_t>(i)] = chat(*provider, events);
        });
    for (auto& t : threads)
        t.join();
    for (const auto& e : errors)
        BOOST_TEST(!e, (e ? e->what() : ""));
    const auto requests = upstream.requests();
    BOOST_TEST(count_target(requests, "/engines/_configure") == 1u);
    BOOST_TEST(count_target(requests, "/engines/v1/chat/completions") == static_cast<size_t>(callers));
    BOOST_TEST(requests.front().target == "/engines/_configure");
}

BOOST_AUTO_TEST_CASE(refusal_is_reported_with_the_runners_text) {
    MockUpstream upstream([](const RecordedRequest& r) {
        if (r.target == "/engines/_configure") {
            ScriptedResponse refused;
            refused.status = 409;
            refused.headers = {{"Content-Type", "text/plain; charset=utf-8"}};
            refused.chunks = {"runner already active for model ai/qwen3 with a different configuration\n"};
            return refused;
        }
        return qwen_stream();
    });
    auto provider = provider_for(upstream, {{"speculative_draft_model", "ai/qwen3:0.6B-F16"}});
    EventRecorder events;
    const auto error = chat(*provider, events);
    BOOST_REQUIRE(error);
    BOOST_TEST(error->error_class() == LLMH_ERR_INVALID_CONFIG);
    BOOST_TEST(std::string(error->what())
                       .find("Docker Model Runner refused the runtime configuration for ai/qwen3 (HTTP 409): runner "
                             "already active "
                             "for model ai/qwen3 with a different configuration") != std::string::npos,
               error->what());
    BOOST_TEST(events.events.empty());
    BOOST_TEST(count_target(upstream.requests(), "/engines/v1/chat/completions") == 0u);
}

BOOST_AUTO_TEST_CASE(models_and_embeddings_over_http) {
    MockUpstream upstream([](const RecordedRequest& r) {
        if (r.method == "GET")
            return ScriptedResponse::json(
                200, R"({"object":"list","data":[{"id":"ai/qwen3:latest","object":"model","owned_by":"docker"}]})");
        return ScriptedResponse::json(200,
                                      R"({"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.5]}],
                                            "model":"ai/embeddinggemma","usage":{"prompt_tokens":1,"total_tokens":1}})");
    });
    auto provider = provider_for(upstream, {});
    plugins::CallOptions options;
    BOOST_TEST(boost::json::parse(provider->list_models(options)) ==
               boost::json::parse(R"({"models":[{"id":"ai/qwen3:latest","owned_by":"docker"}]})"));
    const auto embedded =
        boost::json::parse(provider->embed(R"({"model":"ai/embeddinggemma","input":["hi"]})", options));
    BOOST_TEST(embedded.at("model").as_string() == "ai/embeddinggemma");
    const auto requests = upstream.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 2u);
    BOOST_TEST(requests[0].target == "/engines/v1/models");
    BOOST_TEST(requests[1].target == "/engines/v1/embeddings");
}
