// The built mock plugin loaded by the host's loader: what users get when they test their
// applications against provider "mock".
#include "integration/plugin_checks.hpp"
#include "integration/plugin_harness.hpp"
#include "support/test_env.hpp"

#include <llmhost/error.hpp>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <thread>

using namespace llmhost;
using namespace llmhost::testing;
using namespace std::chrono_literals;

namespace {

std::unique_ptr<plugins::ProviderInstance> mock_provider(boost::json::object options = {}) {
    return built_plugin("mock").create("mock", provider_config("mock", "", "mock-echo", std::move(options)));
}

std::optional<Error>
chat(plugins::ProviderInstance& provider, EventRecorder& events, const plugins::CallOptions& options = {},
     const std::string& request = R"({"messages":[{"role":"user","content":"hello mock world"}]})") {
    return run_plugin_chat(provider, request, events, options);
}

} // namespace

BOOST_AUTO_TEST_CASE(metadata_declares_a_keyless_provider_with_every_capability) {
    const auto p = sole_provider_metadata("mock");
    BOOST_TEST(p.keyless);
    BOOST_TEST(p.default_model == "mock-echo");
    BOOST_TEST(p.capabilities == 0xFFu);
}

BOOST_AUTO_TEST_CASE(echo_through_the_host_loader) {
    auto provider = mock_provider();
    EventRecorder events;
    BOOST_REQUIRE(!chat(*provider, events));
    const std::vector<std::string> expected{
        "start id=mock-1 model=mock-echo",         "text hello ", "text mock ", "text world",
        "usage in=3 out=3 cached=-1 reasoning=-1", "finish stop"};
    const auto lines = events.lines();
    BOOST_TEST(lines == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(replies_file_and_typed_errors) {
    TempDir dir;
    dir.write("replies.json", R"(["first", {"error": {"class": "quota_exhausted"}}])");
    auto provider = mock_provider({{"replies_file", dir.file("replies.json")}});
    EventRecorder first, second;
    BOOST_REQUIRE(!chat(*provider, first));
    BOOST_TEST(first.response().text == "first");
    const auto error = chat(*provider, second);
    BOOST_REQUIRE(error);
    BOOST_TEST(error->error_class() == LLMH_ERR_QUOTA_EXHAUSTED);
}

BOOST_AUTO_TEST_CASE(cancellation_interrupts_latency) {
    auto provider = mock_provider({{"latency_ms", 60000}});
    std::atomic<bool> cancel{false};
    plugins::CallOptions options;
    options.cancel = &cancel;
    std::thread canceller([&] {
        std::this_thread::sleep_for(50ms);
        cancel = true;
    });
    EventRecorder events;
    const auto start = std::chrono::steady_clock::now();
    const auto error = chat(*provider, events, options);
    canceller.join();
    BOOST_REQUIRE(error);
    BOOST_TEST(error->error_class() == LLMH_ERR_CANCELLED);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    BOOST_TEST(elapsed < 2s);
}

BOOST_AUTO_TEST_CASE(embeddings_and_models) {
    auto provider = mock_provider();
    const auto embedded = boost::json::parse(provider->embed(R"({"model":"","input":["a b","c"]})", {}));
    BOOST_TEST(embedded.at("data").as_array().size() == 2u);
    BOOST_TEST(embedded.at("data").at(0).at("embedding").as_array().size() == 8u);
    BOOST_TEST(embedded.at("usage").at("input_tokens") == 3);
    const auto models = boost::json::parse(provider->list_models({}));
    BOOST_TEST(models.at("models").at(0).at("id") == "mock-echo");
}

BOOST_AUTO_TEST_CASE(unknown_option_is_refused_by_create) {
    try {
        mock_provider({{"speed", 2}});
        BOOST_FAIL("expected the option to be refused");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_INVALID_CONFIG);
        BOOST_TEST(std::string(e.what()).find("known options: replies_file") != std::string::npos, e.what());
    }
}
