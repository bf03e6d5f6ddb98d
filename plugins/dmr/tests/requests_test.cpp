// The dmr plugin with a fake host: base URL discovery in its documented order, what it sends
// (checked against tests/expected/dmr/) and every option it refuses.
#include "unit/openai_test_support.hpp"

#include "plugins/dmr/dmr_provider.hpp"

#include <boost/test/unit_test.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

using namespace llmhost;
using namespace llmhost::testing;
using namespace llmhost::dmr_plugin;

namespace {

const llmh_plugin& dmr_table() { return *plugin_detail::Adapter<&dmr_plugin::make_provider>::table("dmr", "test"); }

using Env = std::map<std::string, std::string>;

std::string dmr_config(std::string_view base_url = "", boost::json::object options = {}) {
    return provider_config("dmr", base_url, "ai/qwen3", std::move(options));
}

ProviderConfig config_with(std::string base_url, boost::json::object options = {}) {
    return ProviderConfig::from_json("dmr", dmr_config(base_url, std::move(options)));
}

// The base URL the provider ends up with for `config` in `env`.
std::string discovered(const ProviderConfig& config, const DmrEnvironment& env) {
    return make_dmr_provider(config, env)->config().base_url;
}

std::optional<Error> create_error(const std::string& config_json) {
    FakeHost fake;
    fake.env = {{"MODEL_RUNNER_HOST", "http://localhost:13434"}};
    try {
        AbiProvider provider(dmr_table(), fake, "dmr", config_json);
    } catch (const Error& e) {
        return e;
    }
    return std::nullopt;
}

const std::string hi_request = R"({"model":"","stream":true,"messages":[{"role":"user","content":"hi"}]})";

SeenRequest chat_request(const std::string& config_json, const Env& env, const std::string& request_json = hi_request,
                         std::string_view key = "") {
    FakeHost fake;
    fake.env = env;
    AbiProvider provider(dmr_table(), fake, "dmr", config_json);
    fake.responses.push_back(CannedResponse::sse("data: [DONE]\n\n"));
    const auto error = chat_through_table(fake, provider, request_json, key).error;
    BOOST_REQUIRE_MESSAGE(!error, (error ? error->what() : ""));
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 1u);
    return fake.requests.front();
}

void check_golden(const SeenRequest& seen, const std::string& name) {
    const auto got = seen.document();
    const auto want = expected_json("dmr", name);
    BOOST_TEST(got == want, name << "\n got: " << got << "\nwant: " << want);
}

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

const Env runner_host{{"MODEL_RUNNER_HOST", "http://localhost:13434"}};

} // namespace

BOOST_AUTO_TEST_CASE(chat_matches_golden_with_default_model_and_tool_description) {
    const auto seen = chat_request(
        dmr_config(), runner_host,
        R"({"model":"","stream":true,"max_tokens":256,"messages":[{"role":"user","content":"What time is it?"}],
            "tools":[{"name":"get_time","description":"","parameters":{}}]})");
    check_golden(seen, "chat_request.json");
}

BOOST_AUTO_TEST_CASE(embeddings_match_golden_with_a_pinned_backend) {
    FakeHost fake;
    fake.env = runner_host;
    AbiProvider provider(dmr_table(), fake, "dmr", dmr_config("", {{"backend", "llama.cpp"}}));
    fake.responses.push_back(
        CannedResponse::json(200, R"({"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.5,0.25]}],
                 "model":"ai/embeddinggemma","usage":{"prompt_tokens":1,"total_tokens":1}})"));
    auto ctx = fake.context();
    const auto result = boost::json::parse(provider.embed(ctx, R"({"model":"ai/embeddinggemma","input":["alpha"]})"));
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 1u);
    check_golden(fake.requests.front(), "embeddings_request.json");
    BOOST_TEST(result == boost::json::parse(R"({"model":"ai/embeddinggemma","data":[{"index":0,"embedding":[0.5,0.25]}],
                                                "usage":{"input_tokens":1}})"));
}

BOOST_AUTO_TEST_CASE(models_are_listed_from_the_openai_endpoint) {
    FakeHost fake;
    fake.env = runner_host;
    AbiProvider provider(dmr_table(), fake, "dmr", dmr_config());
    fake.responses.push_back(CannedResponse::json(
        200,
        R"({"object":"list","data":[{"id":"ai/qwen3:latest","object":"model","created":1742916473,"owned_by":"docker"},
                                         {"id":"ai/smollm2","object":"model","owned_by":"docker"}]})"));
    auto ctx = fake.context();
    const auto models = boost::json::parse(provider.list_models(ctx));
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 1u);
    BOOST_TEST(fake.requests[0].method == "GET");
    BOOST_TEST(fake.requests[0].url == "http://localhost:13434/engines/v1/models");
    BOOST_TEST(models == boost::json::parse(R"({"models":[{"id":"ai/qwen3:latest","owned_by":"docker"},
                                                          {"id":"ai/smollm2","owned_by":"docker"}]})"));
}

BOOST_AUTO_TEST_CASE(discovery_order_base_url_then_model_runner_host_then_container_then_localhost) {
    const DmrEnvironment everything{std::string("http://runner.example:13434"), true};
    BOOST_TEST(discovered(config_with("http://gpu-box:12434/engines/v1"), everything) ==
               "http://gpu-box:12434/engines/v1");
    BOOST_TEST(discovered(config_with(""), everything) == "http://runner.example:13434/engines/v1");
    BOOST_TEST(discovered(config_with(""), {std::string(""), true}) ==
               "http://model-runner.docker.internal/engines/v1");
    BOOST_TEST(discovered(config_with(""), {std::nullopt, true}) == "http://model-runner.docker.internal/engines/v1");
    BOOST_TEST(discovered(config_with(""), {std::nullopt, false}) == "http://127.0.0.1:12434/engines/v1");
}

BOOST_AUTO_TEST_CASE(model_runner_host_is_taken_with_or_without_scheme_and_slash) {
    BOOST_TEST(discovered(config_with(""), {std::string("http://localhost:13434/"), false}) ==
               "http://localhost:13434/engines/v1");
    BOOST_TEST(discovered(config_with(""), {std::string("localhost:13434"), false}) ==
               "http://localhost:13434/engines/v1");
}

BOOST_AUTO_TEST_CASE(backend_pins_the_engine_in_every_discovered_url) {
    const boost::json::object vllm{{"backend", "vllm"}};
    BOOST_TEST(discovered(config_with("", vllm), {std::string("http://localhost:13434"), false}) ==
               "http://localhost:13434/engines/vllm/v1");
    BOOST_TEST(discovered(config_with("", vllm), {std::nullopt, true}) ==
               "http://model-runner.docker.internal/engines/vllm/v1");
    BOOST_TEST(discovered(config_with("", vllm), {std::nullopt, false}) == "http://127.0.0.1:12434/engines/vllm/v1");
    BOOST_TEST(discovered(config_with("http://gpu-box:12434/engines/v1", vllm), {std::nullopt, false}) ==
               "http://gpu-box:12434/engines/vllm/v1");
    BOOST_TEST(discovered(config_with("http://gpu-box:12434/engines/vllm/v1", vllm), {std::nullopt, false}) ==
               "http://gpu-box:12434/engines/vllm/v1");
}

BOOST_AUTO_TEST_CASE(configure_url_is_the_base_without_v1) {
    BOOST_TEST(dmr_configure_url("http://127.0.0.1:12434/engines/v1") == "http://127.0.0.1:12434/engines/_configure");
    BOOST_TEST(dmr_configure_url("http://127.0.0.1:12434/engines/llama.cpp/v1") ==
               "http://127.0.0.1:12434/engines/llama.cpp/_configure");
    BOOST_TEST(dmr_configure_url("http://proxy.local/dmr") == "http://proxy.local/dmr/_configure");
}

BOOST_AUTO_TEST_CASE(the_plugin_reads_model_runner_host_through_the_host) {
    BOOST_TEST(chat_request(dmr_config(), {{"MODEL_RUNNER_HOST", "http://10.0.0.5:13434"}}).url ==
               "http://10.0.0.5:13434/engines/v1/chat/completions");
    BOOST_TEST(
        chat_request(dmr_config("http://cfg:9/engines/v1"), {{"MODEL_RUNNER_HOST", "http://10.0.0.5:13434"}}).url ==
        "http://cfg:9/engines/v1/chat/completions");
    // Without either, where this test runs decides between steps 3 and 4.
    const std::string fallback =
        running_in_container() ? "http://model-runner.docker.internal/engines/v1" : "http://127.0.0.1:12434/engines/v1";
    BOOST_TEST(chat_request(dmr_config(), {}).url == fallback + "/chat/completions");
}

BOOST_AUTO_TEST_CASE(keyless_unless_a_key_is_configured) {
    BOOST_TEST(!chat_request(dmr_config(), runner_host).has_header("Authorization"));
    BOOST_TEST(chat_request(dmr_config(), runner_host, hi_request, "proxy-key").header("Authorization") ==
               "Bearer proxy-key");
}

BOOST_AUTO_TEST_CASE(tool_descriptions_that_are_given_are_kept) {
    const auto seen = chat_request(dmr_config(), runner_host,
                                   R"({"model":"ai/qwen3","stream":false,"messages":[{"role":"user","content":"hi"}],
            "tools":[{"name":"a","description":"Does A","parameters":{}},{"name":"b","description":"","parameters":{}}]})");
    const auto body = seen.json();
    const auto& tools = body.at("tools").as_array();
    BOOST_TEST(tools[0].at("function").at("description").as_string() == "Does A");
    BOOST_TEST(tools[1].at("function").at("description").as_string() == "Function b");
}

BOOST_AUTO_TEST_CASE(option_errors_name_the_option) {
    struct Case {
        std::string config, message;
    };
    for (const auto& c : std::vector<Case>{
             {dmr_config("", {{"context_sise", 8192}}),
              "unknown option 'context_sise' (known options: speculative_draft_model, speculative_num_tokens, "
              "speculative_min_acceptance_rate, speculative_acceptance_rate, context_size, runtime_flags, backend, "
              "configure_timeout_ms, forward_betas, drop_betas)"},
             {dmr_config("", {{"context_size", 0}}), "option 'context_size' must be a positive integer"},
             {dmr_config("", {{"context_size", -4096}}), "option 'context_size' must be a positive integer"},
             {dmr_config("", {{"context_size", 4294967296}}), "option 'context_size' must be a positive integer up to"},
             {dmr_config("", {{"context_size", "8192"}}), "option 'context_size' must be an integer"},
             {dmr_config("", {{"runtime_flags", 3}}), "option 'runtime_flags' must be an array of strings or a string"},
             {dmr_config("", {{"runtime_flags", boost::json::array{"--temp", 0.2}}}),
              "option 'runtime_flags' must contain only strings"},
             {dmr_config("", {{"speculative_num_tokens", 16}}), "need 'speculative_draft_model'"},
             {dmr_config("", {{"speculative_acceptance_rate", 0.8}}), "need 'speculative_draft_model'"},
             {dmr_config("", {{"speculative_draft_model", ""}}), "option 'speculative_draft_model' must name a model"},
             {dmr_config("", {{"speculative_draft_model", "ai/d"}, {"speculative_num_tokens", 0}}),
              "option 'speculative_num_tokens' must be a positive integer"},
             {dmr_config("", {{"speculative_draft_model", "ai/d"}, {"speculative_min_acceptance_rate", 1.5}}),
              "option 'speculative_min_acceptance_rate' must be between 0 and 1"},
             {dmr_config("", {{"speculative_draft_model", "ai/d"}, {"speculative_acceptance_rate", -0.1}}),
              "option 'speculative_acceptance_rate' must be between 0 and 1"},
             {dmr_config("", {{"speculative_draft_model", "ai/d"},
                              {"speculative_min_acceptance_rate", 0.8},
                              {"speculative_acceptance_rate", 0.8}}),
              "set only one of 'speculative_min_acceptance_rate' and its older name 'speculative_acceptance_rate'"},
             {dmr_config("", {{"backend", "../admin"}}), "option 'backend' must be an engine name"},
             {dmr_config("", {{"backend", ""}}), "option 'backend' must be an engine name"},
             {dmr_config("http://gpu-box:12434/v1", {{"backend", "vllm"}}),
              "option 'backend' needs a base_url ending in /engines/v1"},
             {dmr_config("gpu-box:12434/engines/v1"), "must start with http:// or https://"},
             {dmr_config("", {{"configure_timeout_ms", 0}}),
              "option 'configure_timeout_ms' must be a positive integer"},
         }) {
        const auto error = create_error(c.config);
        BOOST_REQUIRE_MESSAGE(error, "accepted: " << c.config);
        BOOST_TEST(error->error_class() == LLMH_ERR_INVALID_CONFIG);
        BOOST_TEST(contains(error->what(), c.message), error->what() << " (wanted: " << c.message << ")");
        BOOST_TEST(std::string_view(error->what()).rfind("dmr: ", 0) == 0u, error->what());
    }
}

BOOST_AUTO_TEST_CASE(valid_options_are_accepted) {
    BOOST_TEST(!create_error(dmr_config("", {{"context_size", 8192},
                                             {"runtime_flags", "--temp 0.2"},
                                             {"speculative_draft_model", "ai/qwen3:0.6B-F16"},
                                             {"speculative_num_tokens", 16},
                                             {"speculative_min_acceptance_rate", 0.8},
                                             {"backend", "llama.cpp"},
                                             {"configure_timeout_ms", 2500}})));
    BOOST_TEST(
        !create_error(dmr_config("", {{"speculative_draft_model", "ai/d"}, {"speculative_acceptance_rate", 1}})));
}

// Docker Model Runner speaks Chat Completions: the shared writer's request-2 fields, a Chat
// Completions client's own fields and its OpenAI-Beta through the beta options.
BOOST_AUTO_TEST_CASE(request_2_fields_and_the_clients_own_fields_go_on) {
    const auto seen =
        chat_request(dmr_config("", {{"forward_betas", boost::json::array{}}}), runner_host,
                     R"({"model":"","stream":true,"messages":[{"role":"user","content":"hi"}],"top_p":0.8,"top_k":20,
            "prompt_cache_key":"k","extension":{"protocol":"openai-chat","fields":{"seed":9,"stream":false},
            "headers":[["OpenAI-Beta","assistants=v2"]]}})");
    const auto body = seen.json().as_object();
    BOOST_TEST(body.at("top_p") == 0.8);
    BOOST_TEST(body.at("prompt_cache_key") == "k");
    BOOST_TEST(body.at("seed") == 9);
    BOOST_TEST(body.at("stream") == true);
    BOOST_TEST(!body.contains("top_k")); // no Chat Completions field for it
    BOOST_TEST(!seen.has_header("OpenAI-Beta"));
}
