// The dmr plugin's runtime configuration with a fake host: the _configure call (exact body,
// URL and timeout) made once per model before its first chat or embeddings request, option
// spellings (runtime_flags as a string, the older speculative_acceptance_rate), and how a
// refusal is reported.
#include "unit/openai_test_support.hpp"

#include "plugins/dmr/dmr_provider.hpp"

#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <vector>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

const llmh_plugin& dmr_table() { return *plugin_detail::Adapter<&dmr_plugin::make_provider>::table("dmr", "test"); }

std::string dmr_config(boost::json::object options, std::string_view base_url = "") {
    return provider_config("dmr", base_url, "ai/qwen3", std::move(options));
}

std::string chat_json(std::string_view model) {
    return R"({"model":")" + std::string(model) + R"(","stream":true,"messages":[{"role":"user","content":"hi"}]})";
}

const std::string done_stream = "data: [DONE]\n\n";

CannedResponse accepted() {
    CannedResponse r;
    r.status = 202;
    r.headers = {{"Content-Type", "text/plain; charset=utf-8"}};
    return r;
}

CannedResponse refused(int status, std::string body) {
    CannedResponse r;
    r.status = status;
    r.headers = {{"Content-Type", "text/plain; charset=utf-8"}};
    r.body = std::move(body);
    return r;
}

// A provider with its fake host; MODEL_RUNNER_HOST points at localhost:13434.
struct Dmr {
    explicit Dmr(boost::json::object options, std::string_view base_url = "") : fake(std::make_unique<FakeHost>()) {
        fake->env = {{"MODEL_RUNNER_HOST", "http://localhost:13434"}};
        provider = std::make_unique<AbiProvider>(dmr_table(), *fake, "dmr", dmr_config(std::move(options), base_url));
    }

    std::optional<Error> chat(std::string_view model = "ai/qwen3") {
        auto ctx = fake->context();
        EventRecorder recorder;
        return provider->chat(ctx, chat_json(model), recorder);
    }

    std::vector<std::string> urls() const {
        std::vector<std::string> out;
        for (const auto& r : fake->requests)
            out.push_back(r.url);
        return out;
    }

    std::unique_ptr<FakeHost> fake;
    std::unique_ptr<AbiProvider> provider;
};

const std::string configure_url = "http://localhost:13434/engines/_configure";
const std::string chat_url = "http://localhost:13434/engines/v1/chat/completions";

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

} // namespace

BOOST_AUTO_TEST_CASE(configure_matches_golden_and_precedes_the_first_chat_only) {
    Dmr dmr({{"context_size", 8192},
             {"runtime_flags", boost::json::array{"--temp", "0.2", "--top-p", "0.9", "--ngl=33"}},
             {"speculative_draft_model", "ai/qwen3:0.6B-F16"},
             {"speculative_num_tokens", 16},
             {"speculative_min_acceptance_rate", 0.8}});
    dmr.fake->responses = {accepted(), CannedResponse::sse(done_stream), CannedResponse::sse(done_stream)};
    BOOST_REQUIRE(!dmr.chat("ai/qwen3:14B"));
    BOOST_REQUIRE(!dmr.chat("ai/qwen3:14B"));
    const std::vector<std::string> expected_urls{configure_url, chat_url, chat_url};
    BOOST_TEST(dmr.urls() == expected_urls, boost::test_tools::per_element());

    const auto& configure = dmr.fake->requests.front();
    boost::json::object headers;
    for (const auto& [name, value] : configure.headers)
        headers[name] = value;
    const boost::json::value got{
        {"method", configure.method}, {"url", configure.url}, {"headers", headers}, {"body", configure.json()}};
    const auto want = boost::json::parse(
        read_text_file(std::string(LLMHOST_TEST_SOURCE_DIR) + "/tests/expected/dmr/configure_request.json"));
    BOOST_TEST(got == want, "\n got: " << got << "\nwant: " << want);
    BOOST_TEST(configure.total_timeout_ms == 10000); // cagent's 10 s
    BOOST_TEST(contains(dmr.fake->logs.at(0), "accepted the runtime configuration for ai/qwen3:14B"));
}

BOOST_AUTO_TEST_CASE(each_model_is_configured_once_and_embeddings_count) {
    Dmr dmr({{"context_size", 4096}, {"configure_timeout_ms", 2500}});
    dmr.fake->responses = {accepted(),
                           CannedResponse::sse(done_stream),
                           accepted(),
                           CannedResponse::json(200, R"({"data":[{"index":0,"embedding":[1]}]})"),
                           CannedResponse::sse(done_stream),
                           CannedResponse::json(200, R"({"data":[{"index":0,"embedding":[1]}]})")};
    BOOST_REQUIRE(!dmr.chat("ai/qwen3"));
    auto ctx = dmr.fake->context();
    dmr.provider->embed(ctx, R"({"model":"ai/embeddinggemma","input":["x"]})");
    BOOST_REQUIRE(!dmr.chat("ai/qwen3"));
    dmr.provider->embed(ctx, R"({"model":"ai/embeddinggemma","input":["y"]})");

    const std::vector<std::string> expected_urls{configure_url, chat_url,
                                                 configure_url, "http://localhost:13434/engines/v1/embeddings",
                                                 chat_url,      "http://localhost:13434/engines/v1/embeddings"};
    BOOST_TEST(dmr.urls() == expected_urls, boost::test_tools::per_element());
    BOOST_TEST(dmr.fake->requests[0].json() == boost::json::parse(R"({"model":"ai/qwen3","context-size":4096})"));
    BOOST_TEST(dmr.fake->requests[2].json() ==
               boost::json::parse(R"({"model":"ai/embeddinggemma","context-size":4096})"));
    BOOST_TEST(dmr.fake->requests[0].total_timeout_ms == 2500);
}

BOOST_AUTO_TEST_CASE(no_runtime_options_no_configure_call) {
    Dmr dmr({{"backend", "llama.cpp"}, {"configure_timeout_ms", 2500}});
    dmr.fake->responses = {CannedResponse::sse(done_stream)};
    BOOST_REQUIRE(!dmr.chat());
    const std::vector<std::string> expected_urls{"http://localhost:13434/engines/llama.cpp/v1/chat/completions"};
    BOOST_TEST(dmr.urls() == expected_urls, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(configure_goes_to_the_pinned_backend_and_the_default_model) {
    Dmr dmr({{"backend", "vllm"}, {"runtime_flags", "--gpu-memory-utilization=0.5"}});
    dmr.fake->responses = {accepted(), CannedResponse::sse(done_stream)};
    BOOST_REQUIRE(!dmr.chat(""));
    BOOST_REQUIRE_EQUAL(dmr.fake->requests.size(), 2u);
    BOOST_TEST(dmr.fake->requests[0].url == "http://localhost:13434/engines/vllm/_configure");
    BOOST_TEST(dmr.fake->requests[0].json() ==
               boost::json::parse(R"({"model":"ai/qwen3","runtime-flags":["--gpu-memory-utilization=0.5"]})"));
}

BOOST_AUTO_TEST_CASE(runtime_flags_string_is_split_on_spaces_and_commas) {
    Dmr dmr({{"runtime_flags", " --temp 0.2,--top-p  0.9,,--ngl=33\t"}});
    dmr.fake->responses = {accepted(), CannedResponse::sse(done_stream)};
    BOOST_REQUIRE(!dmr.chat());
    BOOST_TEST(dmr.fake->requests[0].json().at("runtime-flags") ==
               boost::json::parse(R"(["--temp","0.2","--top-p","0.9","--ngl=33"])"));
}

BOOST_AUTO_TEST_CASE(older_acceptance_rate_name_is_read) {
    Dmr dmr({{"speculative_draft_model", "ai/qwen3:0.6B-F16"}, {"speculative_acceptance_rate", 0.75}});
    dmr.fake->responses = {accepted(), CannedResponse::sse(done_stream)};
    BOOST_REQUIRE(!dmr.chat());
    BOOST_TEST(dmr.fake->requests[0].json() == boost::json::parse(R"({"model":"ai/qwen3",
                   "speculative":{"draft_model":"ai/qwen3:0.6B-F16","min_acceptance_rate":0.75}})"));
}

BOOST_AUTO_TEST_CASE(refusal_fails_the_request_quoting_status_and_body_and_is_retried_next_time) {
    Dmr dmr({{"context_size", 8192}});
    dmr.fake->responses = {refused(409, "model ai/qwen3 is already running with a different configuration\n"),
                           accepted(), CannedResponse::sse(done_stream)};
    const auto error = dmr.chat();
    BOOST_REQUIRE(error);
    BOOST_TEST(error->error_class() == LLMH_ERR_INVALID_CONFIG);
    BOOST_TEST(error->http_status() == 409);
    BOOST_TEST(std::string(error->what()) ==
               "dmr: Docker Model Runner refused the runtime configuration for ai/qwen3 (HTTP 409): model ai/qwen3 is "
               "already running with a different configuration");
    BOOST_TEST(dmr.urls() == std::vector<std::string>{configure_url}, boost::test_tools::per_element());

    // Not remembered: after, say, `docker model unload`, the next request configures again.
    BOOST_REQUIRE(!dmr.chat());
    const std::vector<std::string> expected_urls{configure_url, configure_url, chat_url};
    BOOST_TEST(dmr.urls() == expected_urls, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(every_refusal_status_is_a_configuration_error) {
    for (const auto& [status, body] : std::vector<std::pair<int, std::string>>{{400, "invalid runtime flag: --bogus"},
                                                                               {404, "backend not found: vllm"},
                                                                               {500, "failed to start"},
                                                                               {409, ""}}) {
        Dmr dmr({{"context_size", 8192}});
        dmr.fake->responses = {refused(status, body)};
        const auto error = dmr.chat();
        BOOST_REQUIRE(error);
        BOOST_TEST(error->error_class() == LLMH_ERR_INVALID_CONFIG);
        BOOST_TEST(
            contains(error->what(), "(HTTP " + std::to_string(status) + "): " + (body.empty() ? "no message" : body)),
            error->what());
        BOOST_TEST(dmr.fake->requests.size() == 1u);
    }
}

BOOST_AUTO_TEST_CASE(unreachable_runner_is_a_network_error_naming_the_url) {
    Dmr dmr({{"context_size", 8192}});
    CannedResponse refused_connection;
    refused_connection.status = 0;
    refused_connection.transport_error = LLMH_ERR_NETWORK;
    refused_connection.transport_message = "connection refused";
    dmr.fake->responses = {refused_connection};
    const auto error = dmr.chat();
    BOOST_REQUIRE(error);
    BOOST_TEST(error->error_class() == LLMH_ERR_NETWORK);
    BOOST_TEST(std::string(error->what()) == "dmr: could not send the runtime configuration for ai/qwen3 to " +
                                                 configure_url + ": connection refused");
}
