// The ChatGPT sign-in for openai-codex through the built binary: `auth login|status|logout
// openai-codex` against a mock OpenAI auth server, and reuse of Codex's own login through
// CODEX_HOME. LLMHOST_CODEX_ISSUER points at the mock; XDG_CONFIG_HOME and CODEX_HOME at
// temporary directories, so nothing reaches the internet or the real home directory.
#include "support/mock_upstream.hpp"
#include "support/test_env.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <filesystem>
#include <memory>
#include <sys/stat.h>

using namespace llmhost::testing;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// {"email":"ada@example.com","https://api.openai.com/auth":{"chatgpt_account_id":"acct-1"}}
const std::string id_token =
    "eyJhbGciOiJub25lIn0.eyJlbWFpbCI6ImFkYUBleGFtcGxlLmNvbSIsImh0dHBzOi8vYXBpLm9wZW5haS5jb20vYXV0aCI6eyJjaGF0Z3B0X2FjY2"
    "91bnRfaWQiOiJhY2N0LTEifX0.sig";

class MockOpenAIAuth {
  public:
    MockOpenAIAuth() {
        server_ = std::make_unique<MockUpstream>([this](const RecordedRequest& r) { return answer(r); });
    }
    std::string url() const { return server_->base_url(); }
    size_t requests_to(std::string_view target) const {
        size_t n = 0;
        for (const auto& r : server_->requests())
            n += r.target == target;
        return n;
    }
    std::atomic<bool> deny{false};

  private:
    ScriptedResponse answer(const RecordedRequest& r) {
        if (r.target == "/api/accounts/deviceauth/usercode")
            return ScriptedResponse::json(200,
                                          R"({"device_auth_id":"dev-e2e","user_code":"WDJB-MJHT","interval":"1"})");
        if (r.target == "/api/accounts/deviceauth/token") {
            if (deny) return ScriptedResponse::json(400, R"({"error":"access_denied"})");
            if (++polls_ == 1) return ScriptedResponse::json(403, R"({"error":"pending"})");
            return ScriptedResponse::json(200,
                                          R"({"authorization_code":"ac","code_challenge":"c","code_verifier":"v"})");
        }
        if (r.target == "/oauth/token")
            return ScriptedResponse::json(200,
                                          R"({"id_token":")" + id_token +
                                              R"(","access_token":"at-e2e-secret","refresh_token":"rt-e2e-secret"})");
        return ScriptedResponse::json(404, R"({"error":"not found"})");
    }
    std::atomic<int> polls_{0};
    std::unique_ptr<MockUpstream> server_;
};

struct Sandbox {
    MockOpenAIAuth openai;
    TempDir config;
    TempDir codex;

    ProcessResult run(const std::vector<std::string>& args) const {
        return run_host(args, {"XDG_CONFIG_HOME=" + config.path(), "CODEX_HOME=" + codex.path(),
                               "LLMHOST_CODEX_ISSUER=" + openai.url()});
    }
    std::string login_file() const { return config.file("llmhost/openai-codex.json"); }
    void write_codex_login() const {
        codex.write(
            "auth.json",
            R"({"OPENAI_API_KEY":null,"tokens":{"id_token":")" + id_token +
                R"(","access_token":"at-codex-secret","refresh_token":"rt-codex-secret","account_id":"acct-1"},"last_refresh":"2025-01-01T00:00:00Z"})");
    }
};

unsigned mode_of(const std::string& path) {
    struct stat info {};
    BOOST_REQUIRE_MESSAGE(::stat(path.c_str(), &info) == 0, "cannot stat " << path);
    return info.st_mode & 0777;
}

} // namespace

BOOST_AUTO_TEST_CASE(login_status_and_logout_end_to_end) {
    Sandbox box;
    const auto before = box.run({"auth", "status", "openai-codex"});
    BOOST_TEST(before.exit_code == 3, before.err);
    BOOST_TEST(contains(before.err, "llmhost auth login openai-codex"), before.err);

    const auto login = box.run({"auth", "login", "openai-codex"});
    BOOST_TEST_REQUIRE(login.exit_code == 0, login.err);
    BOOST_TEST(login.out.empty(), login.out);
    BOOST_TEST(contains(login.err, "Open " + box.openai.url() + "/codex/device"), login.err);
    BOOST_TEST(contains(login.err, "WDJB-MJHT"), login.err);
    BOOST_TEST(contains(login.err, "ada@example.com"), login.err);
    BOOST_TEST(!contains(login.err, "secret"), login.err);
    BOOST_TEST(box.openai.requests_to("/api/accounts/deviceauth/token") == 2u);
    BOOST_TEST(mode_of(box.login_file()) == 0600u);

    const auto status = box.run({"auth", "status", "codex", "--json"});
    BOOST_TEST_REQUIRE(status.exit_code == 0, status.err);
    const auto doc = boost::json::parse(status.out).as_object();
    BOOST_TEST(doc.at("provider").as_string() == "openai-codex");
    BOOST_TEST(doc.at("logged_in").as_bool());
    BOOST_TEST(doc.at("source").as_string() == "llmhost_file");
    BOOST_TEST(doc.at("location").as_string() == box.login_file());
    BOOST_TEST(doc.at("email").as_string() == "ada@example.com");
    BOOST_TEST(doc.at("account_id").as_string() == "acct-1");
    BOOST_TEST(!contains(status.out, "secret"), status.out);

    const auto logout = box.run({"auth", "logout", "openai-codex"});
    BOOST_TEST(logout.exit_code == 0, logout.err);
    BOOST_TEST(contains(logout.err, box.login_file()), logout.err);
    BOOST_TEST(!std::filesystem::exists(box.login_file()));
    BOOST_TEST(box.run({"auth", "status", "openai-codex"}).exit_code == 3);
}

BOOST_AUTO_TEST_CASE(codex_login_is_reused_and_kept_on_logout) {
    Sandbox box;
    box.write_codex_login();
    const auto status = box.run({"auth", "status", "openai-codex"});
    BOOST_TEST_REQUIRE(status.exit_code == 0, status.err);
    BOOST_TEST(contains(status.out, "ada@example.com"), status.out);
    BOOST_TEST(contains(status.out, box.codex.file("auth.json")), status.out);
    BOOST_TEST(contains(status.out, "Codex's login"), status.out);
    BOOST_TEST(!contains(status.out, "secret"), status.out);

    const auto login = box.run({"auth", "login", "openai-codex"});
    BOOST_TEST(login.exit_code == 0, login.err);
    BOOST_TEST(contains(login.err, "Already signed in"), login.err);
    BOOST_TEST(box.openai.requests_to("/api/accounts/deviceauth/usercode") == 0u);

    const auto logout = box.run({"auth", "logout", "chatgpt"});
    BOOST_TEST(logout.exit_code == 0, logout.err);
    BOOST_TEST(contains(logout.err, "remains"), logout.err);
    BOOST_TEST(std::filesystem::exists(box.codex.file("auth.json")));
}

BOOST_AUTO_TEST_CASE(a_denied_login_exits_3_and_saves_nothing) {
    Sandbox box;
    box.openai.deny = true;
    const auto r = box.run({"auth", "login", "openai-codex"});
    BOOST_TEST(r.exit_code == 3, r.err);
    BOOST_TEST(contains(r.err, "denied"), r.err);
    BOOST_TEST(!std::filesystem::exists(box.login_file()));
}
