// The host's Copilot login (core/auth/copilot_login, copilot_token_store): the token file and
// its permissions, reusing other editors' logins, the whole device-code login against a mock
// GitHub, what status shows (never the token) and logout.
#include "support/mock_upstream.hpp"
#include "support/test_env.hpp"

#include "core/auth/copilot_login.hpp"
#include "core/auth/copilot_token_store.hpp"

#include <llmhost/error.hpp>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <map>
#include <sstream>
#include <sys/stat.h>

using namespace llmhost;
using namespace llmhost::testing;
using namespace std::chrono_literals;
namespace cc = llmhost::copilot_credentials;

namespace llmhost::auth {
std::ostream& operator<<(std::ostream& out, LoginSource source) { return out << to_string(source); }
} // namespace llmhost::auth

namespace {

cc::EnvLookup env_of(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
        auto it = vars.find(std::string(name));
        if (it == vars.end()) return std::nullopt;
        return it->second;
    };
}

mode_t mode_of(const std::string& path) {
    struct stat info {};
    BOOST_REQUIRE_MESSAGE(::stat(path.c_str(), &info) == 0, "cannot stat " << path);
    return info.st_mode & 0777;
}

bool contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string::npos; }

class FakePollClock final : public auth::PollClock {
  public:
    std::chrono::steady_clock::time_point now() override { return std::chrono::steady_clock::time_point{} + elapsed; }
    bool sleep_for(std::chrono::milliseconds d) override {
        elapsed += d;
        return true;
    }
    std::chrono::milliseconds elapsed{0};
};

transport::HttpClient& client() {
    static transport::HttpClient http([] {
        transport::ClientOptions options;
        options.proxy = transport::ProxySettings{};
        options.total_timeout = 10s;
        return options;
    }());
    return http;
}

// GitHub and its API in one mock: a device code, one pending poll, then the token; /user
// answers for that token only.
MockUpstream mock_github(bool user_lookup_works = true) {
    auto polls = std::make_shared<std::atomic<int>>(0);
    return MockUpstream([polls, user_lookup_works](const RecordedRequest& r) {
        if (r.target == "/login/device/code")
            return ScriptedResponse::json(
                200,
                R"({"device_code":"dc-1","user_code":"WDJB-MJHT","verification_uri":"https://github.com/login/device","expires_in":900,"interval":5})");
        if (r.target == "/login/oauth/access_token")
            return ++*polls == 1
                       ? ScriptedResponse::json(200, R"({"error":"authorization_pending"})")
                       : ScriptedResponse::json(200, R"({"access_token":"ghu_fresh_login","token_type":"bearer"})");
        if (r.target == "/user" && user_lookup_works && r.header("Authorization") == "token ghu_fresh_login")
            return ScriptedResponse::json(200, R"({"login":"octocat","id":1})");
        return ScriptedResponse::json(401, R"({"message":"Bad credentials"})");
    });
}

struct Login {
    auth::LoginResult result;
    std::string messages;
};

Login login(const MockUpstream& github, const TempDir& config, bool force = false) {
    auth::LoginSettings settings;
    settings.env = env_of({{"XDG_CONFIG_HOME", config.path()}});
    settings.endpoints = {github.base_url(), github.base_url()};
    settings.force = force;
    FakePollClock clock;
    std::ostringstream out;
    Login l;
    l.result = auth::login_copilot(client(), settings, clock, out);
    l.messages = out.str();
    return l;
}

size_t requests_to(const MockUpstream& server, std::string_view target) {
    size_t n = 0;
    for (const auto& r : server.requests())
        n += r.target == target;
    return n;
}

} // namespace

BOOST_AUTO_TEST_CASE(token_file_is_private_and_reads_back) {
    TempDir dir;
    const std::string path = dir.file("config/llmhost/copilot.json");
    auth::save_llmhost_token(path, {"ghu_secret", "octocat", "github.com", path});
    BOOST_TEST(mode_of(path) == 0600u);
    BOOST_TEST(mode_of(dir.file("config/llmhost")) == 0700u);
    BOOST_TEST(mode_of(dir.file("config")) == 0700u);
    const auto back = cc::read_llmhost_token(path, "github.com");
    BOOST_REQUIRE(back);
    BOOST_TEST(back->oauth_token == "ghu_secret");
    BOOST_TEST(back->user == "octocat");
    const auto doc = boost::json::parse(read_file(path));
    BOOST_TEST(doc.at("host").as_string() == "github.com");
    // Replaced atomically: no temporary file is left beside it.
    auth::save_llmhost_token(path, {"ghu_second", "", "github.com", path});
    BOOST_TEST(cc::read_llmhost_token(path, "github.com")->oauth_token == "ghu_second");
    BOOST_TEST(mode_of(path) == 0600u);
    size_t files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.file("config/llmhost")))
        ++files;
    BOOST_TEST(files == 1u);
}

BOOST_AUTO_TEST_CASE(an_existing_directory_keeps_its_mode) {
    TempDir dir;
    std::filesystem::create_directories(dir.file("llmhost"));
    ::chmod(dir.file("llmhost").c_str(), 0755);
    auth::save_llmhost_token(dir.file("llmhost/copilot.json"), {"ghu_x", "", "github.com", ""});
    BOOST_TEST(mode_of(dir.file("llmhost")) == 0755u);
    BOOST_TEST(mode_of(dir.file("llmhost/copilot.json")) == 0600u);
}

BOOST_AUTO_TEST_CASE(device_code_login_saves_the_token_and_the_user) {
    TempDir config;
    const auto github = mock_github();
    const auto l = login(github, config);
    BOOST_TEST(!l.result.reused);
    BOOST_TEST(contains(l.messages, "Open https://github.com/login/device and enter the code WDJB-MJHT"), l.messages);
    BOOST_TEST(contains(l.messages, "as octocat"), l.messages);
    BOOST_TEST(!contains(l.messages, "ghu_fresh_login"), l.messages);
    const std::string path = config.file("llmhost/copilot.json");
    BOOST_TEST(mode_of(path) == 0600u);
    const auto host = cc::host_of_url(github.base_url());
    const auto saved = cc::read_llmhost_token(path, host);
    BOOST_REQUIRE(saved);
    BOOST_TEST(saved->oauth_token == "ghu_fresh_login");
    BOOST_TEST(saved->user == "octocat");
    BOOST_TEST(l.result.login.source == auth::LoginSource::llmhost_file);
    BOOST_TEST(l.result.login.location == path);
    BOOST_TEST(requests_to(github, "/login/oauth/access_token") == 2u);
}

BOOST_AUTO_TEST_CASE(an_unknown_user_does_not_stop_the_login) {
    TempDir config;
    const auto github = mock_github(/*user_lookup_works=*/false);
    const auto l = login(github, config);
    const auto saved = cc::read_llmhost_token(config.file("llmhost/copilot.json"), cc::host_of_url(github.base_url()));
    BOOST_REQUIRE(saved);
    BOOST_TEST(saved->user.empty());
    BOOST_TEST(saved->oauth_token == "ghu_fresh_login");
}

BOOST_AUTO_TEST_CASE(another_editors_login_is_reused_without_the_flow_unless_forced) {
    TempDir config;
    const auto github = mock_github();
    const auto host = cc::host_of_url(github.base_url());
    for (const char* file : {"github-copilot/apps.json", "github-copilot/hosts.json"}) {
        std::filesystem::remove_all(config.file("github-copilot"));
        config.write(file, R"({")" + host + R"(:Iv1.b507a08c87ecfe98":{"user":"mona","oauth_token":"ghu_editor"}})");
        const auto l = login(github, config);
        BOOST_TEST(l.result.reused, file);
        BOOST_TEST(l.result.login.source == auth::LoginSource::editor_file);
        BOOST_TEST(l.result.login.location == config.file(file));
        BOOST_TEST(contains(l.messages, "Already logged in to " + host + " as mona"), l.messages);
        BOOST_TEST(contains(l.messages, config.file(file)), l.messages);
        BOOST_TEST(contains(l.messages, "--force"), l.messages);
        BOOST_TEST(!contains(l.messages, "ghu_editor"), l.messages);
        BOOST_TEST(github.requests().empty());                                     // no device flow
        BOOST_TEST(!std::filesystem::exists(config.file("llmhost/copilot.json"))); // nothing copied
    }
    const auto forced = login(github, config, /*force=*/true);
    BOOST_TEST(!forced.result.reused);
    BOOST_TEST(requests_to(github, "/login/device/code") == 1u);
    BOOST_TEST(cc::read_llmhost_token(config.file("llmhost/copilot.json"), host)->oauth_token == "ghu_fresh_login");
    // The editor's file is left alone.
    BOOST_TEST(contains(read_file(config.file("github-copilot/hosts.json")), "ghu_editor"));
}

BOOST_AUTO_TEST_CASE(llmhost_own_login_is_reused_too) {
    TempDir config;
    const auto github = mock_github();
    login(github, config);
    const size_t before = github.requests().size();
    const auto again = login(github, config);
    BOOST_TEST(again.result.reused);
    BOOST_TEST(again.result.login.source == auth::LoginSource::llmhost_file);
    BOOST_TEST(github.requests().size() == before);
}

BOOST_AUTO_TEST_CASE(a_denied_login_saves_nothing) {
    TempDir config;
    MockUpstream github([](const RecordedRequest& r) {
        if (r.target == "/login/device/code")
            return ScriptedResponse::json(200, R"({"device_code":"d","user_code":"U-1","interval":1})");
        return ScriptedResponse::json(200, R"({"error":"access_denied"})");
    });
    try {
        login(github, config);
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_AUTHENTICATION);
    }
    BOOST_TEST(!std::filesystem::exists(config.file("llmhost/copilot.json")));
}

BOOST_AUTO_TEST_CASE(status_names_the_source_and_never_the_token) {
    TempDir config;
    const auto env = env_of({{"XDG_CONFIG_HOME", config.path()}});
    BOOST_TEST(!auth::find_copilot_login(env, "github.com", ""));

    config.write("github-copilot/hosts.json", R"({"github.com":{"user":"mona","oauth_token":"gho_hosts_secret"}})");
    auto found = auth::find_copilot_login(env, "github.com", "");
    BOOST_REQUIRE(found);
    BOOST_TEST(found->source == auth::LoginSource::editor_file);
    const std::string editor_line = auth::describe(*found);
    BOOST_TEST(editor_line == "logged in to github.com as mona (GitHub token in " +
                                  config.file("github-copilot/hosts.json") + ", another editor's login)");

    config.write("llmhost/copilot.json", R"({"host":"github.com","user":"octocat","oauth_token":"ghu_own_secret"})");
    found = auth::find_copilot_login(env, "github.com", "");
    BOOST_TEST(auth::describe(*found) ==
               "logged in to github.com as octocat (GitHub token in " + config.file("llmhost/copilot.json") + ")");

    found = auth::find_copilot_login(env, "github.com", "GH_COPILOT_TOKEN");
    BOOST_TEST(found->source == auth::LoginSource::host_key);
    BOOST_TEST(auth::describe(*found) == "logged in to github.com (GitHub token from GH_COPILOT_TOKEN)");

    // Another GitHub host has no login here.
    BOOST_TEST(!auth::find_copilot_login(env, "ghe.example.com", ""));
}

BOOST_AUTO_TEST_CASE(logout_removes_only_llmhost_own_file) {
    TempDir config;
    const auto env = env_of({{"XDG_CONFIG_HOME", config.path()}});
    config.write("llmhost/copilot.json", R"({"host":"github.com","oauth_token":"ghu_own"})");
    config.write("github-copilot/apps.json", R"({"github.com:x":{"oauth_token":"ghu_editor"}})");
    BOOST_TEST(auth::logout_copilot(env) == config.file("llmhost/copilot.json"));
    BOOST_TEST(!std::filesystem::exists(config.file("llmhost/copilot.json")));
    BOOST_TEST(std::filesystem::exists(config.file("github-copilot/apps.json")));
    BOOST_TEST(auth::logout_copilot(env).empty()); // nothing left to remove
    BOOST_TEST(auth::find_copilot_login(env, "github.com", "")->source == auth::LoginSource::editor_file);
}

BOOST_AUTO_TEST_CASE(login_needs_a_place_for_the_file) {
    const auto github = mock_github();
    auth::LoginSettings settings;
    settings.env = env_of({});
    settings.endpoints = {github.base_url(), github.base_url()};
    FakePollClock clock;
    std::ostringstream out;
    try {
        auth::login_copilot(client(), settings, clock, out);
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_INVALID_CONFIG);
        BOOST_TEST(contains(e.what(), "XDG_CONFIG_HOME"), e.what());
    }
    BOOST_TEST(github.requests().empty());
}
