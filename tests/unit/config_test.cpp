#include "core/config/config.hpp"
#include "core/config/nearest_name.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>

using namespace llmhost::config;

BOOST_AUTO_TEST_CASE(reads_the_canonical_provider_table) {
    const auto c = parse_config(R"(
default_provider = "work"
default_model = "gpt-4o"
plugins_dir = "/opt/llmhost/plugins"

[providers.work]
plugin = "openai"
base_url = "http://localhost:9/v1"
api_key_env = "WORK_KEY"
default_model = "m1"
http_headers = { "X-Team" = "search" }
query_params = { "api-version" = "2024-10-21" }
timeout_ms = 1500
options = { max_tokens_field = "max_tokens", nested = { a = [1, 2] } }
)",
                                "test.toml");
    BOOST_TEST(c.default_provider == "work");
    BOOST_TEST(c.default_model == "gpt-4o");
    BOOST_TEST(c.plugins_dir == "/opt/llmhost/plugins");
    BOOST_REQUIRE(c.find_provider("work"));
    const auto& p = *c.find_provider("work");
    BOOST_TEST(p.plugin == "openai");
    BOOST_TEST(p.base_url == "http://localhost:9/v1");
    BOOST_TEST(p.api_key_env == "WORK_KEY");
    BOOST_TEST(p.http_headers.at("X-Team") == "search");
    BOOST_TEST(p.query_params.at("api-version") == "2024-10-21");
    BOOST_TEST(*p.timeout_ms == 1500);
    BOOST_TEST(p.options.at("max_tokens_field").as_string() == "max_tokens");
    BOOST_TEST(p.options.at("nested").as_object().at("a").as_array().size() == 2u);
    BOOST_TEST(c.warnings.empty());
}

BOOST_AUTO_TEST_CASE(alternative_key_names_mean_the_same) {
    const auto c = parse_config("model_provider = \"x\"\nmodel = \"y\"\n[providers.x]\nenv_key = \"K\"\n"
                                "provider_opts = { a = 1 }\n",
                                "t.toml");
    BOOST_TEST(c.default_provider == "x");
    BOOST_TEST(c.default_model == "y");
    BOOST_TEST(c.find_provider("x")->api_key_env == "K");
    BOOST_TEST(c.find_provider("x")->options.at("a").as_int64() == 1);
}

BOOST_AUTO_TEST_CASE(syntax_errors_name_the_file_and_line) {
    try {
        parse_config("default_provider = \n", "broken.toml");
        BOOST_FAIL("expected a ConfigError");
    } catch (const ConfigError& e) {
        const std::string msg = e.what();
        BOOST_TEST(msg.find("broken.toml") != std::string::npos);
        BOOST_TEST(msg.find("broken.toml:1:") == 0u, msg);
    }
}

BOOST_AUTO_TEST_CASE(wrong_types_name_the_key_and_position) {
    try {
        parse_config("[providers.a]\nbase_url = 42\n", "types.toml");
        BOOST_FAIL("expected a ConfigError");
    } catch (const ConfigError& e) {
        const std::string msg = e.what();
        BOOST_TEST(msg.find("types.toml:2:") != std::string::npos, msg);
        BOOST_TEST(msg.find("providers.a.base_url") != std::string::npos, msg);
        BOOST_TEST(msg.find("a string") != std::string::npos, msg);
    }
}

BOOST_AUTO_TEST_CASE(unknown_keys_warn_with_the_nearest_known_key) {
    const auto c = parse_config("[providers.a]\nbase_ulr = \"http://x\"\n", "w.toml");
    BOOST_REQUIRE_EQUAL(c.warnings.size(), 1u);
    BOOST_TEST(c.warnings[0].find("did you mean 'base_url'") != std::string::npos, c.warnings[0]);
}

BOOST_AUTO_TEST_CASE(literal_keys_are_accepted_with_a_warning_that_never_shows_them) {
    const auto c = parse_config("[providers.a]\napi_key = \"sk-very-secret\"\n", "k.toml");
    BOOST_TEST(c.find_provider("a")->api_key == "sk-very-secret");
    BOOST_REQUIRE_EQUAL(c.warnings.size(), 1u);
    BOOST_TEST(c.warnings[0].find("sk-very-secret") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(interpolation_expands_set_variables_and_names_unset_ones) {
    setenv("LLMHOST_T_SET", "abc", 1);
    unsetenv("LLMHOST_T_UNSET");
    BOOST_TEST(interpolate("x-${LLMHOST_T_SET}-y", "k") == "x-abc-y");
    try {
        interpolate("${LLMHOST_T_UNSET}", "providers.a.api_key");
        BOOST_FAIL("expected a ConfigError");
    } catch (const ConfigError& e) {
        BOOST_TEST(std::string(e.what()).find("LLMHOST_T_UNSET") != std::string::npos);
        BOOST_TEST(std::string(e.what()).find("providers.a.api_key") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(nearest_names) {
    BOOST_TEST(edit_distance("kitten", "sitting") == 3u);
    BOOST_TEST(nearest_name("opnai", {"openai", "groq", "mock"}) == "openai");
    BOOST_TEST(nearest_name("zzzzzz", {"openai", "groq"}).empty());
    // Only likely typos: "xai" and "mock" are not suggested for "gorq".
    BOOST_TEST(closest_names("gorq", {"openai", "groq", "mock", "xai"}, 2) == std::vector<std::string>{"groq"},
               boost::test_tools::per_element());
    BOOST_TEST(closest_names("moonshot", {"copilot", "mock", "together"}, 3).empty());
    // One inside the other is close; in the candidates' order when equally close.
    BOOST_TEST(closest_names("kimi-k2", {"moonshot", "kimi", "kimi-cn"}, 3) ==
                   (std::vector<std::string>{"kimi", "kimi-cn"}),
               boost::test_tools::per_element());
}
