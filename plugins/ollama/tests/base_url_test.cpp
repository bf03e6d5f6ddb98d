// Where requests go: OLLAMA_HOST in every spelling the ollama CLI accepts, and the rule that an
// explicitly configured base_url wins over it (see plugins/ollama/ollama_base_url.hpp).
#include "plugins/ollama/ollama_base_url.hpp"
#include "plugins/ollama/tests/test_support.hpp"
#include "unit/fake_host_services.hpp"

#include <boost/test/unit_test.hpp>

#include <map>

using namespace llmhost;
using namespace llmhost::testing;
using llmhost::ollama_plugin::base_url_from_ollama_host;

namespace {

// The URL a model listing is sent to, for a configured base_url and environment.
std::string tags_url(std::string_view configured_base_url, std::map<std::string, std::string> env = {}) {
    FakeHost fake;
    fake.env = std::move(env);
    fake.responses.push_back(CannedResponse::json(200, R"({"models":[]})"));
    AbiProvider provider(ollama_table(), fake, "ollama", provider_config("ollama", configured_base_url, "llama3.2"));
    auto ctx = fake.context();
    provider.list_models(ctx);
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 1u);
    return fake.requests[0].url;
}

Error creation_error(std::string_view configured_base_url, std::map<std::string, std::string> env) {
    FakeHost fake;
    fake.env = std::move(env);
    try {
        AbiProvider provider(ollama_table(), fake, "ollama",
                             provider_config("ollama", configured_base_url, "llama3.2"));
    } catch (const Error& e) {
        return e;
    }
    BOOST_FAIL("creating the provider should have failed");
    return Error(LLMH_OK, "");
}

} // namespace

BOOST_AUTO_TEST_CASE(ollama_host_spellings) {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"gpu-box:8080", "http://gpu-box:8080"},
        {"http://gpu-box:8080", "http://gpu-box:8080"},
        {"https://gpu-box:8443", "https://gpu-box:8443"},
        {"gpu-box", "http://gpu-box:11434"},
        {"0.0.0.0:9999", "http://127.0.0.1:9999"},
        {"0.0.0.0", "http://127.0.0.1:11434"},
        {":9999", "http://127.0.0.1:9999"},
        {"127.0.0.1", "http://127.0.0.1:11434"},
        {"http://gpu-box", "http://gpu-box"}, // an explicit scheme defaults to its own port, as ollama does
        {"https://ollama.com", "https://ollama.com"},
        {"HTTPS://ollama.com:443/", "https://ollama.com"},
        {"http://gpu-box:8080/ollama/", "http://gpu-box:8080/ollama"},
        {"  \"gpu-box:8080\"  ", "http://gpu-box:8080"},
        {"'gpu-box'", "http://gpu-box:11434"},
        {"[::1]:8080", "http://[::1]:8080"},
        {"[::]:8080", "http://[::1]:8080"},
        {"::1", "http://[::1]:11434"},
        {"", "http://localhost:11434"},
    };
    for (const auto& [value, expected] : cases)
        BOOST_TEST(base_url_from_ollama_host(value) == expected, "OLLAMA_HOST=" << value);
}

BOOST_AUTO_TEST_CASE(bad_ollama_host_values_are_config_errors) {
    for (const std::string value : {"gpu-box:99999", "gpu-box:port", "ftp://gpu-box", "[::1"}) {
        try {
            base_url_from_ollama_host(value);
            BOOST_ERROR("accepted OLLAMA_HOST=" << value);
        } catch (const Error& e) {
            BOOST_TEST(e.error_class() == LLMH_ERR_INVALID_CONFIG, value);
            BOOST_TEST(std::string(e.what()).find("OLLAMA_HOST '" + value + "'") != std::string::npos, e.what());
        }
    }
    const auto e = creation_error("http://localhost:11434", {{"OLLAMA_HOST", "gpu-box:99999"}});
    BOOST_TEST(e.error_class() == LLMH_ERR_INVALID_CONFIG);
    BOOST_TEST(std::string(e.what()).find("ollama: OLLAMA_HOST") == 0u, e.what());
}

BOOST_AUTO_TEST_CASE(ollama_host_replaces_the_default_base_url) {
    BOOST_TEST(tags_url("http://localhost:11434") == "http://localhost:11434/api/tags");
    BOOST_TEST(tags_url("http://localhost:11434", {{"OLLAMA_HOST", "0.0.0.0:7000"}}) ==
               "http://127.0.0.1:7000/api/tags");
    BOOST_TEST(tags_url("http://localhost:11434/", {{"OLLAMA_HOST", "gpu-box"}}) == "http://gpu-box:11434/api/tags");
    // No base_url at all (a config-defined id with plugin = "ollama").
    BOOST_TEST(tags_url("", {{"OLLAMA_HOST", "gpu-box"}}) == "http://gpu-box:11434/api/tags");
    BOOST_TEST(tags_url("") == "http://localhost:11434/api/tags");
    // Set but blank counts as unset.
    BOOST_TEST(tags_url("http://localhost:11434", {{"OLLAMA_HOST", "  "}}) == "http://localhost:11434/api/tags");
}

BOOST_AUTO_TEST_CASE(an_explicit_base_url_wins_over_ollama_host) {
    const std::map<std::string, std::string> env{{"OLLAMA_HOST", "gpu-box:7000"}};
    BOOST_TEST(tags_url("http://other:1234", env) == "http://other:1234/api/tags");
    // The documented way to pin the local server whatever OLLAMA_HOST says.
    BOOST_TEST(tags_url("http://127.0.0.1:11434", env) == "http://127.0.0.1:11434/api/tags");
}

BOOST_AUTO_TEST_CASE(api_and_openai_shim_suffixes_are_cut_back) {
    BOOST_TEST(tags_url("http://box:11434/v1") == "http://box:11434/api/tags");
    BOOST_TEST(tags_url("http://box:11434/api/") == "http://box:11434/api/tags");
    BOOST_TEST(tags_url("https://proxy.example/ollama/api") == "https://proxy.example/ollama/api/tags");
    BOOST_TEST(tags_url("http://v1") == "http://v1/api/tags");
}

BOOST_AUTO_TEST_CASE(a_base_url_needs_an_http_scheme) {
    const auto e = creation_error("localhost:11434", {});
    BOOST_TEST(e.error_class() == LLMH_ERR_INVALID_CONFIG);
    BOOST_TEST(std::string(e.what()).find("must start with http:// or https://") != std::string::npos, e.what());
}
