// Bad config files: every problem is reported with file:line:column, the key and what was
// expected — all of them, not just the first.
#include "core/config/config.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost::config;

namespace {
std::string error_of(const std::string& text) {
    try {
        parse_config(text, "bad.toml");
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "(no error)";
}
} // namespace

BOOST_AUTO_TEST_CASE(exact_messages_for_wrong_types) {
    BOOST_TEST(error_of("default_provider = 3\n") == "bad.toml:1:20: 'default_provider' must be a string");
    BOOST_TEST(error_of("[providers.a]\ntimeout_ms = \"soon\"\n") ==
               "bad.toml:2:14: 'providers.a.timeout_ms' must be a non-negative integer");
    BOOST_TEST(error_of("[reliability]\nfallback_providers = \"openai\"\n") ==
               "bad.toml:2:22: 'reliability.fallback_providers' must be an array of strings, e.g. [\"a\", \"b\"]");
    BOOST_TEST(error_of("[providers.a]\nhttp_headers = { X = 1 }\n") ==
               "bad.toml:2:22: 'providers.a.http_headers.X' must be a string");
}

BOOST_AUTO_TEST_CASE(every_problem_is_listed) {
    const std::string msg =
        error_of("default_model = 1\n[providers.a]\nbase_url = 2\n[[model_routes]]\nmodel = \"x\"\n");
    BOOST_TEST(msg.find("'default_model' must be a string") != std::string::npos, msg);
    BOOST_TEST(msg.find("'providers.a.base_url' must be a string") != std::string::npos, msg);
    BOOST_TEST(msg.find("'model_routes[0].hint' is required") != std::string::npos, msg);
    BOOST_TEST(msg.find("'model_routes[0].provider' is required") != std::string::npos, msg);
}

BOOST_AUTO_TEST_CASE(structural_mistakes) {
    BOOST_TEST(error_of("[[providers]]\nbase_url = \"x\"\n").find("'providers[0].name' is required") !=
               std::string::npos);
    BOOST_TEST(error_of("api_key = \"${K}\"\n").find("need 'default_provider'") != std::string::npos);
    BOOST_TEST(error_of("[providers.a]\nbase_url = \"x\"\n[model_providers.a]\nbase_url = \"y\"\n")
                   .find("provider 'a' is defined twice") != std::string::npos);
    BOOST_TEST(error_of("model_routes = 3\n").find("must be an array of tables") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(syntax_errors_point_at_the_spot) {
    const std::string msg = error_of("[providers.a\nbase_url = \"x\"\n");
    BOOST_TEST(msg.rfind("bad.toml:1:", 0) == 0u, msg);
}

BOOST_AUTO_TEST_CASE(unknown_keys_are_warnings_with_suggestions) {
    const auto c = parse_config(
        "defualt_provider = \"x\"\n[reliability]\nprovider_retry = 1\n[server]\nlisten_on = \"x\"\n", "w.toml");
    BOOST_REQUIRE_EQUAL(c.warnings.size(), 3u);
    BOOST_TEST(c.warnings[0] == "w.toml:1:20: unknown key 'defualt_provider' (did you mean 'default_provider'?)");
    BOOST_TEST(c.warnings[1].find("did you mean 'provider_retries'") != std::string::npos, c.warnings[1]);
    BOOST_TEST(c.warnings[2].find("'server.listen_on'") != std::string::npos, c.warnings[2]);
}

BOOST_AUTO_TEST_CASE(a_plugin_option_beside_the_host_keys_is_pointed_to_options) {
    const auto c = parse_config("[providers.o]\nplugin = \"openai\"\nwire_api = \"responses\"\n", "o.toml");
    BOOST_REQUIRE_EQUAL(c.warnings.size(), 1u);
    BOOST_TEST(c.warnings[0] == "o.toml:3:12: unknown key 'providers.o.wire_api' (ignored; a plugin's own settings go "
                                "in its options table: options = { wire_api = ... })");
}

BOOST_AUTO_TEST_CASE(unset_variables_fail_only_when_used) {
    // Loading succeeds: the reference is kept.
    const auto c = parse_config("[providers.a]\napi_key = \"${LLMHOST_DEFINITELY_UNSET}\"\n", "u.toml");
    BOOST_TEST(c.find_provider("a")->api_key == "${LLMHOST_DEFINITELY_UNSET}");
    try {
        interpolate(c.find_provider("a")->api_key, "providers.a.api_key");
        BOOST_FAIL("expected an error");
    } catch (const ConfigError& e) {
        BOOST_TEST(std::string(e.what()) ==
                   "providers.a.api_key refers to ${LLMHOST_DEFINITELY_UNSET}, which is not set; export "
                   "LLMHOST_DEFINITELY_UNSET or change the config");
    }
}
