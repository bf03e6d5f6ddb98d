// The SDK's shared knowledge of Copilot logins (llmhost/support/copilot_credentials.hpp): endpoint
// overrides, where token files are, and reading llmhost's and other editors' files.
#include "support/test_env.hpp"

#include <llmhost/support/copilot_credentials.hpp>

#include <boost/test/unit_test.hpp>

#include <map>

using namespace llmhost;
using namespace llmhost::testing;
namespace cc = llmhost::copilot_credentials;

namespace {

cc::EnvLookup env_of(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
        auto it = vars.find(std::string(name));
        if (it == vars.end()) return std::nullopt;
        return it->second;
    };
}

} // namespace

BOOST_AUTO_TEST_CASE(endpoints_default_to_github_com) {
    const auto e = cc::resolve_endpoints(env_of({}));
    BOOST_TEST(e.github_url == "https://github.com");
    BOOST_TEST(e.api_url == "https://api.github.com");
}

BOOST_AUTO_TEST_CASE(environment_overrides_configuration_which_overrides_defaults) {
    const auto configured = cc::resolve_endpoints(env_of({}), std::string("https://ghe.example.com/"),
                                                  std::string("https://api.ghe.example.com"));
    BOOST_TEST(configured.github_url == "https://ghe.example.com");
    BOOST_TEST(configured.api_url == "https://api.ghe.example.com");

    const auto env = env_of(
        {{"LLMHOST_COPILOT_GITHUB_URL", "http://127.0.0.1:9/"}, {"LLMHOST_COPILOT_API_URL", "http://127.0.0.1:10"}});
    const auto overridden =
        cc::resolve_endpoints(env, std::string("https://ghe.example.com"), std::string("https://api.ghe.example.com"));
    BOOST_TEST(overridden.github_url == "http://127.0.0.1:9");
    BOOST_TEST(overridden.api_url == "http://127.0.0.1:10");
}

BOOST_AUTO_TEST_CASE(endpoints_that_are_not_http_urls_are_refused_naming_their_source) {
    try {
        cc::resolve_endpoints(env_of({{"LLMHOST_COPILOT_API_URL", "api.github.com"}}));
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_INVALID_CONFIG);
        BOOST_TEST(std::string(e.what()).find("LLMHOST_COPILOT_API_URL") != std::string::npos, e.what());
    }
    BOOST_CHECK_THROW(cc::resolve_endpoints(env_of({}), std::string("github.com")), Error);
}

BOOST_AUTO_TEST_CASE(host_of_url_keeps_host_and_port_only) {
    BOOST_TEST(cc::host_of_url("https://github.com") == "github.com");
    BOOST_TEST(cc::host_of_url("https://GitHub.com/") == "github.com");
    BOOST_TEST(cc::host_of_url("http://127.0.0.1:8080/x?y") == "127.0.0.1:8080");
    BOOST_TEST(cc::host_of_url("https://user@ghe.example.com/path") == "ghe.example.com");
}

BOOST_AUTO_TEST_CASE(token_files_live_under_xdg_config_home_else_home_config) {
    BOOST_TEST(cc::llmhost_token_path(env_of({{"XDG_CONFIG_HOME", "/x"}, {"HOME", "/h"}})) ==
               "/x/llmhost/copilot.json");
    BOOST_TEST(cc::llmhost_token_path(env_of({{"HOME", "/h"}})) == "/h/.config/llmhost/copilot.json");
    // The XDG spec ignores relative values.
    BOOST_TEST(cc::llmhost_token_path(env_of({{"XDG_CONFIG_HOME", "rel"}, {"HOME", "/h"}})) ==
               "/h/.config/llmhost/copilot.json");
    BOOST_TEST(cc::llmhost_token_path(env_of({})).empty());
    const auto editors = cc::editor_token_paths(env_of({{"XDG_CONFIG_HOME", "/x"}}));
    const std::vector<std::string> expected{"/x/github-copilot/apps.json", "/x/github-copilot/hosts.json"};
    BOOST_TEST(editors == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(editor_files_yield_the_first_key_starting_with_the_host) {
    TempDir dir;
    dir.write("apps.json", R"({"ghe.example.com:Iv1.x":{"oauth_token":"ghu_ghe"},
                               "github.com:Iv1.b507a08c87ecfe98":{"user":"octocat","oauth_token":"ghu_apps","githubAppId":"Iv1.b507a08c87ecfe98"},
                               "github.com:other":{"oauth_token":"ghu_second"}})");
    const auto token = cc::read_editor_token(dir.file("apps.json"), "github.com");
    BOOST_REQUIRE(token);
    BOOST_TEST(token->oauth_token == "ghu_apps");
    BOOST_TEST(token->user == "octocat");
    BOOST_TEST(token->host == "github.com");
    BOOST_TEST(token->file == dir.file("apps.json"));
    BOOST_TEST(cc::read_editor_token(dir.file("apps.json"), "ghe.example.com")->oauth_token == "ghu_ghe");
    BOOST_TEST(!cc::read_editor_token(dir.file("apps.json"), "gitlab.com"));
}

BOOST_AUTO_TEST_CASE(unusable_files_are_skipped_not_fatal) {
    TempDir dir;
    dir.write("broken.json", "{not json");
    dir.write("array.json", R"([{"github.com":{"oauth_token":"x"}}])");
    dir.write("no_token.json", R"({"github.com":{"user":"octocat"},"github.com:b":"text"})");
    for (const char* name : {"broken.json", "array.json", "no_token.json", "missing.json"}) {
        BOOST_TEST(!cc::read_editor_token(dir.file(name), "github.com"), name);
        BOOST_TEST(!cc::read_llmhost_token(dir.file(name), "github.com"), name);
    }
}

BOOST_AUTO_TEST_CASE(llmhost_file_is_used_for_its_own_host_only) {
    TempDir dir;
    dir.write("own.json", R"({"host":"ghe.example.com","user":"mona","oauth_token":"ghu_own"})");
    dir.write("hostless.json", R"({"oauth_token":"ghu_plain"})");
    BOOST_TEST(cc::read_llmhost_token(dir.file("own.json"), "ghe.example.com")->user == "mona");
    BOOST_TEST(!cc::read_llmhost_token(dir.file("own.json"), "github.com"));
    // A file without a host was written for github.com.
    BOOST_TEST(cc::read_llmhost_token(dir.file("hostless.json"), "github.com")->oauth_token == "ghu_plain");
}

BOOST_AUTO_TEST_CASE(stored_token_order_is_llmhost_then_apps_then_hosts) {
    TempDir dir;
    const auto env = env_of({{"XDG_CONFIG_HOME", dir.path()}});
    BOOST_TEST(!cc::find_stored_token(env, "github.com"));
    dir.write("github-copilot/hosts.json", R"({"github.com":{"user":"octocat","oauth_token":"gho_hosts"}})");
    BOOST_TEST(cc::find_stored_token(env, "github.com")->oauth_token == "gho_hosts");
    dir.write("github-copilot/apps.json", R"({"github.com:Iv1.b507a08c87ecfe98":{"oauth_token":"ghu_apps"}})");
    BOOST_TEST(cc::find_stored_token(env, "github.com")->oauth_token == "ghu_apps");
    dir.write("llmhost/copilot.json", R"({"host":"github.com","oauth_token":"ghu_llmhost"})");
    const auto own = cc::find_stored_token(env, "github.com");
    BOOST_TEST(own->oauth_token == "ghu_llmhost");
    BOOST_TEST(own->file == dir.file("llmhost/copilot.json"));
}
