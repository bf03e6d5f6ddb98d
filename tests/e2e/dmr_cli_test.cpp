// The built binary with the dmr plugin, Docker Model Runner found through MODEL_RUNNER_HOST
// (an in-process upstream): selection by id, alias and `-m dmr/<model>`, the runtime
// configuration from the config file, and how a refusal ends the command.
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

std::string chunk(const std::string& delta_and_finish) {
    return R"(data: {"id":"chatcmpl-D2","object":"chat.completion.chunk","model":"ai/qwen3","choices":[{"index":0,)" +
           delta_and_finish + "}]}\n\n";
}

ScriptedResponse qwen_stream() {
    return ScriptedResponse::sse({chunk(R"("delta":{"role":"assistant","content":"Hello"},"finish_reason":null)"),
                                  chunk(R"("delta":{"content":" from DMR"},"finish_reason":null)"),
                                  chunk(R"("delta":{},"finish_reason":"stop")"), "data: [DONE]\n\n"});
}

ScriptedResponse status_only(int status, std::string text = {}) {
    ScriptedResponse r;
    r.status = status;
    r.headers = {{"Content-Type", "text/plain; charset=utf-8"}};
    if (!text.empty()) r.chunks = {std::move(text)};
    return r;
}

std::string runner_host(const MockUpstream& upstream) { return "MODEL_RUNNER_HOST=" + upstream.base_url(); }

std::string write_options(const TempDir& dir, const std::string& options) {
    dir.write("config.toml", "[providers.dmr]\noptions = " + options + "\n");
    return dir.file("config.toml");
}

} // namespace

BOOST_AUTO_TEST_CASE(chat_with_the_default_model_found_through_model_runner_host) {
    MockUpstream upstream([](const RecordedRequest&) { return qwen_stream(); });
    const auto r = run_host({"-p", "dmr", "chat", "hi"}, {runner_host(upstream)});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_TEST(r.out == "Hello from DMR\n");
    const auto requests = upstream.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 1u);
    BOOST_TEST(requests[0].target == "/engines/v1/chat/completions");
    BOOST_TEST(boost::json::parse(requests[0].body).at("model").as_string() == "ai/qwen3");
    BOOST_TEST(requests[0].header("authorization").empty());
}

BOOST_AUTO_TEST_CASE(aliases_and_provider_slash_model) {
    MockUpstream upstream([](const RecordedRequest&) { return qwen_stream(); });
    const auto docker = run_host({"-p", "docker", "chat", "--json", "hi"}, {runner_host(upstream)});
    BOOST_TEST_REQUIRE(docker.exit_code == 0, docker.err);
    BOOST_TEST(boost::json::parse(docker.out).at("provider").as_string() == "dmr");
    const auto slash = run_host({"-m", "docker-model-runner/ai/smollm2", "chat", "hi"}, {runner_host(upstream)});
    BOOST_TEST_REQUIRE(slash.exit_code == 0, slash.err);
    BOOST_TEST(boost::json::parse(upstream.requests().back().body).at("model").as_string() == "ai/smollm2");
}

BOOST_AUTO_TEST_CASE(runtime_configuration_is_sent_before_the_chat) {
    MockUpstream upstream([](const RecordedRequest& r) {
        if (r.target == "/engines/_configure") return status_only(202);
        return qwen_stream();
    });
    TempDir dir;
    const auto config = write_options(
        dir,
        R"({ context_size = 8192, runtime_flags = "--temp 0.2,--ngl=33", speculative_draft_model = "ai/qwen3:0.6B-F16", speculative_acceptance_rate = 0.8 })");
    const auto r = run_host({"--config", config, "-p", "dmr", "chat", "hi"}, {runner_host(upstream)});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_TEST(r.out == "Hello from DMR\n");
    const auto requests = upstream.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 2u);
    BOOST_TEST(requests[0].target == "/engines/_configure");
    BOOST_TEST(
        boost::json::parse(requests[0].body) ==
        boost::json::parse(R"({"model":"ai/qwen3","context-size":8192,"runtime-flags":["--temp","0.2","--ngl=33"],
                                      "speculative":{"draft_model":"ai/qwen3:0.6B-F16","min_acceptance_rate":0.8}})"));
    BOOST_TEST(requests[1].target == "/engines/v1/chat/completions");
}

BOOST_AUTO_TEST_CASE(refused_configuration_exits_2_with_the_runners_text) {
    MockUpstream upstream([](const RecordedRequest& r) {
        if (r.target == "/engines/_configure") return status_only(400, "invalid context size: 99999999\n");
        return qwen_stream();
    });
    TempDir dir;
    const auto config = write_options(dir, "{ context_size = 99999999 }");
    const auto r = run_host({"--config", config, "-p", "dmr", "chat", "hi"}, {runner_host(upstream)});
    BOOST_TEST(r.exit_code == 2, r.err);
    BOOST_TEST(contains(r.err, "Docker Model Runner refused the runtime configuration for ai/qwen3 (HTTP 400): "
                               "invalid context size: 99999999"),
               r.err);
    BOOST_TEST(r.out.empty());
    BOOST_TEST(upstream.requests().size() == 1u);
}

BOOST_AUTO_TEST_CASE(unknown_option_exits_2_naming_the_known_ones) {
    TempDir dir;
    const auto config = write_options(dir, "{ contextsize = 8192 }");
    const auto r = run_host({"--config", config, "-p", "dmr", "chat", "hi"}, {"MODEL_RUNNER_HOST=http://127.0.0.1:9"});
    BOOST_TEST(r.exit_code == 2, r.err);
    BOOST_TEST(contains(r.err, "unknown option 'contextsize'"), r.err);
    BOOST_TEST(contains(r.err, "context_size"), r.err);
}

BOOST_AUTO_TEST_CASE(models_and_embed) {
    MockUpstream upstream([](const RecordedRequest& r) {
        if (r.method == "GET")
            return ScriptedResponse::json(
                200, R"({"object":"list","data":[{"id":"ai/qwen3:latest","object":"model","owned_by":"docker"}]})");
        return ScriptedResponse::json(
            200, R"({"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.5,0.25]}],
                                            "model":"ai/embeddinggemma","usage":{"prompt_tokens":1,"total_tokens":1}})");
    });
    const auto models = run_host({"-p", "dmr", "models"}, {runner_host(upstream)});
    BOOST_TEST_REQUIRE(models.exit_code == 0, models.err);
    BOOST_TEST(contains(models.out, "ai/qwen3:latest"), models.out);
    const auto embed = run_host({"-p", "dmr", "-m", "ai/embeddinggemma", "embed", "alpha"}, {runner_host(upstream)});
    BOOST_TEST_REQUIRE(embed.exit_code == 0, embed.err);
    BOOST_TEST(boost::json::parse(embed.out).at("data").as_array().at(0).at("embedding").as_array().size() == 2u);
    const auto requests = upstream.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 2u);
    BOOST_TEST(requests[0].target == "/engines/v1/models");
    BOOST_TEST(requests[1].target == "/engines/v1/embeddings");
}
