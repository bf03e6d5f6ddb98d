// GitHub Copilot through the built binary: `auth login|status|logout copilot` against a mock
// GitHub device flow, then `-p copilot chat` / `models` against a mock token exchange and
// Copilot API. The environment points every GitHub URL at the mock and XDG_CONFIG_HOME at a
// temporary directory, so nothing reaches the internet or the real home directory.
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

std::string chunk(const std::string& choice) {
    return R"(data: {"id":"chatcmpl-E","object":"chat.completion.chunk","model":"gpt-4.1","choices":[)" + choice +
           "]}\n\n";
}

// GitHub (device flow, /user), its API (token exchange) and the Copilot API (under /copilot)
// in one server. Only `github_token` is accepted by the exchange, and only the Copilot token
// it issued by chat and models.
class MockCopilot {
  public:
    explicit MockCopilot(std::string github_token = "ghu_e2e_login") : github_token_(std::move(github_token)) {
        server_ = std::make_unique<MockUpstream>([this](const RecordedRequest& r) { return answer(r); });
    }

    std::string url() const { return server_->base_url(); }
    size_t requests_to(std::string_view target) const {
        size_t n = 0;
        for (const auto& r : server_->requests())
            n += r.target == target;
        return n;
    }
    std::vector<RecordedRequest> requests() const { return server_->requests(); }
    std::atomic<bool> deny{false};

  private:
    ScriptedResponse answer(const RecordedRequest& r) {
        if (r.target == "/login/device/code")
            return ScriptedResponse::json(200,
                                          R"({"device_code":"dc-e2e","user_code":"WDJB-MJHT","verification_uri":")" +
                                              url() + R"(/login/device","expires_in":900,"interval":1})");
        if (r.target == "/login/oauth/access_token") {
            if (deny) return ScriptedResponse::json(200, R"({"error":"access_denied"})");
            if (++polls_ == 1) return ScriptedResponse::json(200, R"({"error":"authorization_pending"})");
            return ScriptedResponse::json(200, R"({"access_token":")" + github_token_ + R"(","token_type":"bearer"})");
        }
        if (r.target == "/user" && r.header("Authorization") == "token " + github_token_)
            return ScriptedResponse::json(200, R"({"login":"octocat"})");
        if (r.target == "/copilot_internal/v2/token") {
            if (r.header("Authorization") != "token " + github_token_ || r.header("Editor-Version").empty())
                return ScriptedResponse::json(401, R"({"message":"Bad credentials"})");
            return ScriptedResponse::json(
                200, R"({"token":"tid=e2e-copilot","expires_at":4102444800,"refresh_in":1500,"endpoints":{"api":")" +
                         url() + R"(/copilot"}})");
        }
        if (r.header("Authorization") != "Bearer tid=e2e-copilot" ||
            r.header("Copilot-Integration-Id") != "vscode-chat")
            return ScriptedResponse::json(401, R"({"error":{"message":"unauthorized"}})");
        if (r.target == "/copilot/models")
            return ScriptedResponse::json(
                200, R"({"data":[{"id":"gpt-4.1","model_picker_enabled":true,"capabilities":{"type":"chat"}},
                                 {"id":"o3","model_picker_enabled":true,"capabilities":{"type":"chat"},"policy":{"state":"disabled"}}]})");
        if (r.target != "/copilot/chat/completions") return ScriptedResponse::json(404, R"({"message":"Not Found"})");
        const auto body = boost::json::parse(r.body);
        if (body.as_object().contains("tools"))
            return ScriptedResponse::sse(
                {chunk(
                     R"({"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_e2e","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]},"finish_reason":null})"),
                 chunk(R"({"index":0,"delta":{},"finish_reason":"tool_calls"})"), "data: [DONE]\n\n"});
        return ScriptedResponse::sse(
            {chunk(R"({"index":0,"delta":{"role":"assistant","content":"Hello"},"finish_reason":null})"),
             chunk(R"({"index":0,"delta":{"content":" from Copilot"},"finish_reason":null})"),
             chunk(R"({"index":0,"delta":{},"finish_reason":"stop"})"),
             R"(data: {"id":"chatcmpl-E","object":"chat.completion.chunk","model":"gpt-4.1","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}})"
             "\n\n",
             "data: [DONE]\n\n"});
    }

    std::string github_token_;
    std::atomic<int> polls_{0};
    std::unique_ptr<MockUpstream> server_;
};

// The environment of every run: the mock for every GitHub URL, a private config directory.
struct Sandbox {
    MockCopilot copilot;
    TempDir config;
    explicit Sandbox(std::string github_token = "ghu_e2e_login") : copilot(std::move(github_token)) {}

    std::vector<std::string> env(std::vector<std::string> extra = {}) const {
        std::vector<std::string> e{"XDG_CONFIG_HOME=" + config.path(), "LLMHOST_COPILOT_GITHUB_URL=" + copilot.url(),
                                   "LLMHOST_COPILOT_API_URL=" + copilot.url(), "CODEX_HOME=" + config.file("codex")};
        e.insert(e.end(), extra.begin(), extra.end());
        return e;
    }
    ProcessResult run(const std::vector<std::string>& args, std::vector<std::string> extra_env = {}) const {
        return run_host(args, env(std::move(extra_env)));
    }
    std::string host() const { return copilot.url().substr(std::string("http://").size()); }
    std::string token_file() const { return config.file("llmhost/copilot.json"); }
    void write_login(const std::string& token = "ghu_e2e_login") const {
        config.write("llmhost/copilot.json",
                     R"({"host":")" + host() + R"(","user":"octocat","oauth_token":")" + token + R"("})");
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
    const auto before = box.run({"auth", "status", "copilot"});
    BOOST_TEST(before.exit_code == 3, before.err);
    BOOST_TEST(contains(before.err, "llmhost auth login copilot"), before.err);
    // Without a provider: every login the host knows, one line each, on stdout.
    const auto every = box.run({"auth", "status"});
    BOOST_TEST(every.exit_code == 3, every.err);
    BOOST_TEST(every.out == "copilot: not logged in to " + box.host() +
                                "; run `llmhost auth login copilot`\nopenai-codex: not signed in to ChatGPT; run "
                                "`llmhost auth login openai-codex` (or `codex login`)\n",
               every.out);

    const auto login = box.run({"auth", "login", "copilot"});
    BOOST_TEST_REQUIRE(login.exit_code == 0, login.err);
    BOOST_TEST(login.out.empty(), login.out); // stdout stays clean
    BOOST_TEST(contains(login.err, "Open " + box.copilot.url() + "/login/device and enter the code WDJB-MJHT"),
               login.err);
    BOOST_TEST(contains(login.err, "as octocat"), login.err);
    BOOST_TEST(!contains(login.err, "ghu_e2e_login"), login.err);
    BOOST_TEST(box.copilot.requests_to("/login/oauth/access_token") == 2u); // pending, then the token
    BOOST_TEST(mode_of(box.token_file()) == 0600u);
    const auto saved = boost::json::parse(read_file(box.token_file()));
    BOOST_TEST(saved.at("oauth_token").as_string() == "ghu_e2e_login");
    BOOST_TEST(saved.at("user").as_string() == "octocat");
    BOOST_TEST(saved.at("host").as_string() == box.host());

    const auto again = box.run({"auth", "login", "copilot"});
    BOOST_TEST(again.exit_code == 0, again.err);
    BOOST_TEST(contains(again.err, "Already logged in"), again.err);
    BOOST_TEST(box.copilot.requests_to("/login/device/code") == 1u); // no second flow

    const auto status = box.run({"auth", "status", "copilot"});
    BOOST_TEST(status.exit_code == 0, status.err);
    BOOST_TEST(status.out ==
               "copilot: logged in to " + box.host() + " as octocat (GitHub token in " + box.token_file() + ")\n");
    BOOST_TEST(!contains(status.out + status.err, "ghu_e2e_login"));

    const auto every_logged = box.run({"auth", "status"});
    BOOST_TEST(every_logged.exit_code == 0, every_logged.err); // one login is enough
    BOOST_TEST(contains(every_logged.out, status.out), every_logged.out);
    BOOST_TEST(contains(every_logged.out, "openai-codex: not signed in"), every_logged.out);

    const auto json = box.run({"auth", "status", "--json"});
    BOOST_TEST_REQUIRE(json.exit_code == 0, json.err);
    const auto all = boost::json::parse(json.out);
    BOOST_TEST_REQUIRE(all.as_array().size() == 2u, json.out);
    BOOST_TEST(all.at(1).at("provider").as_string() == "openai-codex");
    BOOST_TEST(!all.at(1).at("logged_in").as_bool());
    const auto& doc = all.at(0);
    BOOST_TEST(doc.at("provider").as_string() == "copilot");
    BOOST_TEST(doc.at("logged_in").as_bool());
    BOOST_TEST(doc.at("user").as_string() == "octocat");
    BOOST_TEST(doc.at("source").as_string() == "llmhost_file");
    BOOST_TEST(doc.at("location").as_string() == box.token_file());
    BOOST_TEST(!contains(json.out, "ghu_e2e_login"));

    const auto logout = box.run({"auth", "logout", "copilot"});
    BOOST_TEST(logout.exit_code == 0, logout.err);
    BOOST_TEST(contains(logout.err, box.token_file()), logout.err);
    BOOST_TEST(!std::filesystem::exists(box.token_file()));
    BOOST_TEST(box.run({"auth", "status"}).exit_code == 3);
    BOOST_TEST(box.run({"auth", "logout", "copilot"}).exit_code == 0); // nothing to remove is fine
}

BOOST_AUTO_TEST_CASE(a_denied_login_exits_3_and_saves_nothing) {
    Sandbox box;
    box.copilot.deny = true;
    const auto r = box.run({"auth", "login", "copilot"});
    BOOST_TEST(r.exit_code == 3, r.err);
    BOOST_TEST(contains(r.err, "denied"), r.err);
    BOOST_TEST(!std::filesystem::exists(box.token_file()));
}

BOOST_AUTO_TEST_CASE(chat_streams_with_the_stored_login) {
    Sandbox box;
    box.write_login();
    const auto r = box.run({"-p", "copilot", "chat", "hello"});
    BOOST_TEST(r.exit_code == 0, r.err);
    BOOST_TEST(r.out == "Hello from Copilot\n");
    BOOST_TEST(box.copilot.requests_to("/copilot_internal/v2/token") == 1u);
    const auto requests = box.copilot.requests();
    const auto& post = requests.back();
    BOOST_TEST(post.target == "/copilot/chat/completions");
    BOOST_TEST(boost::json::parse(post.body).at("model").as_string() == "gpt-4.1");
    BOOST_TEST(post.header("X-Initiator") == "user");
}

BOOST_AUTO_TEST_CASE(chat_json_and_the_alias) {
    Sandbox box;
    box.write_login();
    const auto r = box.run({"-p", "github-copilot", "chat", "--json", "hello"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto doc = boost::json::parse(r.out);
    BOOST_TEST(doc.at("text").as_string() == "Hello from Copilot");
    BOOST_TEST(doc.at("model").as_string() == "gpt-4.1");
    BOOST_TEST(doc.at("finish_reason").as_string() == "stop");
    BOOST_TEST(doc.at("usage").at("output_tokens").as_int64() == 3);
}

BOOST_AUTO_TEST_CASE(chat_with_tools_returns_the_call) {
    Sandbox box;
    box.write_login();
    box.config.write(
        "tools.json",
        R"([{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}])");
    const auto r =
        box.run({"-p", "copilot", "chat", "--json", "--tools", box.config.file("tools.json"), "Weather in Oslo?"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto doc = boost::json::parse(r.out);
    BOOST_TEST(doc.at("finish_reason").as_string() == "tool_calls");
    const auto& calls = doc.at("tool_calls").as_array();
    BOOST_REQUIRE_EQUAL(calls.size(), 1u);
    BOOST_TEST(calls[0].at("name").as_string() == "get_weather");
    BOOST_TEST(calls[0].at("arguments").as_string() == R"({"city":"Oslo"})");
}

BOOST_AUTO_TEST_CASE(models_lists_what_the_picker_offers) {
    Sandbox box;
    box.write_login();
    const auto r = box.run({"-p", "copilot", "models"});
    BOOST_TEST(r.exit_code == 0, r.err);
    BOOST_TEST(r.out == "gpt-4.1\n");
}

BOOST_AUTO_TEST_CASE(without_a_login_chat_exits_3_and_says_how_to_log_in) {
    Sandbox box;
    const auto r = box.run({"-p", "copilot", "chat", "hello"});
    BOOST_TEST(r.exit_code == 3, r.err);
    BOOST_TEST(contains(r.err, "llmhost auth login copilot"), r.err);
    BOOST_TEST(r.out.empty());
    BOOST_TEST(box.copilot.requests().empty());
}

BOOST_AUTO_TEST_CASE(a_rejected_github_token_exits_3) {
    Sandbox box;
    box.write_login("ghu_revoked");
    const auto r = box.run({"-p", "copilot", "chat", "hello"});
    BOOST_TEST(r.exit_code == 3, r.err);
    BOOST_TEST(contains(r.err, "llmhost auth login copilot"), r.err);
    BOOST_TEST(!contains(r.err, "ghu_revoked"), r.err);
}

BOOST_AUTO_TEST_CASE(gh_copilot_token_needs_no_login) {
    Sandbox box("ghu_from_env");
    const std::vector<std::string> env{"GH_COPILOT_TOKEN=ghu_from_env"};
    const auto chat = box.run({"-p", "copilot", "chat", "hello"}, env);
    BOOST_TEST(chat.exit_code == 0, chat.err);
    BOOST_TEST(chat.out == "Hello from Copilot\n");
    const auto status = box.run({"auth", "status"}, env);
    BOOST_TEST(status.exit_code == 0, status.err);
    BOOST_TEST(contains(status.out, "GH_COPILOT_TOKEN"), status.out);
    BOOST_TEST(!contains(status.out + status.err, "ghu_from_env"));
}

BOOST_AUTO_TEST_CASE(another_editors_login_is_reused_and_never_removed) {
    Sandbox box("ghu_editor");
    box.config.write("github-copilot/apps.json",
                     R"({")" + box.host() + R"(:Iv1.b507a08c87ecfe98":{"user":"mona","oauth_token":"ghu_editor"}})");
    const auto login = box.run({"auth", "login", "copilot"});
    BOOST_TEST(login.exit_code == 0, login.err);
    BOOST_TEST(contains(login.err, box.config.file("github-copilot/apps.json")), login.err);
    BOOST_TEST(box.copilot.requests().empty()); // no device flow
    const auto chat = box.run({"-p", "copilot", "chat", "hello"});
    BOOST_TEST(chat.exit_code == 0, chat.err);
    BOOST_TEST(chat.out == "Hello from Copilot\n");
    const auto logout = box.run({"auth", "logout", "copilot"});
    BOOST_TEST(logout.exit_code == 0, logout.err);
    BOOST_TEST(contains(logout.err, "another editor's login"), logout.err);
    BOOST_TEST(std::filesystem::exists(box.config.file("github-copilot/apps.json")));
}

BOOST_AUTO_TEST_CASE(auth_usage_errors_exit_2) {
    Sandbox box;
    for (const std::vector<std::string>& args :
         std::vector<std::vector<std::string>>{{"auth"},
                                               {"auth", "login"},
                                               {"auth", "login", "openai"},
                                               {"auth", "refresh", "copilot"},
                                               {"auth", "status", "--force"},
                                               {"auth", "logout", "copilot", "--json"},
                                               {"auth", "login", "copilot", "extra"}}) {
        const auto r = box.run(args);
        BOOST_TEST(r.exit_code == 2, args.size() << " args: " << r.err);
    }
    BOOST_TEST(box.copilot.requests().empty());
}
