// The host's ChatGPT sign-in for openai-codex (core/auth/codex_device_flow, codex_login)
// against a mock OpenAI auth server on 127.0.0.1 with an injected clock: the device flow
// (success, pending, slow_down, expiry, denial), the token exchange, the saved file, reuse
// of Codex's own login (CODEX_HOME), status and logout.
#include "support/mock_upstream.hpp"
#include "support/test_env.hpp"

#include "core/auth/codex_device_flow.hpp"
#include "core/auth/codex_login.hpp"

#include <llmhost/error.hpp>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <map>
#include <mutex>
#include <sstream>
#include <sys/stat.h>

using namespace llmhost;
using namespace llmhost::testing;
using namespace std::chrono_literals;
namespace cx = llmhost::codex_credentials;

namespace llmhost::auth {
std::ostream& operator<<(std::ostream& out, CodexLoginSource source) { return out << to_string(source); }
} // namespace llmhost::auth

namespace {

cx::EnvLookup env_of(std::map<std::string, std::string> vars) {
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
    std::chrono::steady_clock::time_point now() override { return std::chrono::steady_clock::time_point{} + elapsed_; }
    bool sleep_for(std::chrono::milliseconds d) override {
        sleeps.push_back(d);
        elapsed_ += d;
        return true;
    }
    std::vector<std::chrono::milliseconds> sleeps;

  private:
    std::chrono::milliseconds elapsed_{0};
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

// An id_token whose payload names an e-mail and a ChatGPT account (unsigned: nobody checks).
// {"email":"ada@example.com","https://api.openai.com/auth":{"chatgpt_account_id":"acct-1"}}
const std::string id_token =
    "eyJhbGciOiJub25lIn0.eyJlbWFpbCI6ImFkYUBleGFtcGxlLmNvbSIsImh0dHBzOi8vYXBpLm9wZW5haS5jb20vYXV0aCI6eyJjaGF0Z3B0X2FjY2"
    "91bnRfaWQiOiJhY2N0LTEifX0.sig";

// OpenAI's auth server: a device code, polls answered from a script (the last repeats), and
// the code exchange.
class MockOpenAIAuth {
  public:
    explicit MockOpenAIAuth(std::vector<ScriptedResponse> polls, std::string interval = R"("5")")
        : polls_(std::move(polls)), server_([this, interval](const RecordedRequest& r) {
              if (r.target == "/api/accounts/deviceauth/usercode")
                  return ScriptedResponse::json(
                      200, R"({"device_auth_id":"dev-1","user_code":"ABCD-EFGH","interval":)" + interval + "}");
              if (r.target == "/api/accounts/deviceauth/token") {
                  std::lock_guard lock(mutex_);
                  return polls_[std::min(next_++, polls_.size() - 1)];
              }
              if (r.target == "/oauth/token")
                  return ScriptedResponse::json(200, R"({"id_token":")" + id_token +
                                                         R"(","access_token":"at-fresh","refresh_token":"rt-fresh"})");
              return ScriptedResponse::json(404, R"({"error":"not found"})");
          }) {}

    std::string url() const { return server_.base_url(); }
    std::vector<RecordedRequest> requests() const { return server_.requests(); }
    size_t count(std::string_view target) const {
        size_t n = 0;
        for (const auto& r : server_.requests())
            n += r.target == target;
        return n;
    }

  private:
    std::vector<ScriptedResponse> polls_;
    std::mutex mutex_;
    size_t next_ = 0;
    MockUpstream server_;
};

ScriptedResponse pending(int status = 403) { return ScriptedResponse::json(status, R"({"error":"pending"})"); }
ScriptedResponse authorized() {
    return ScriptedResponse::json(200,
                                  R"({"authorization_code":"ac-1","code_challenge":"ch","code_verifier":"ver-1"})");
}

struct FlowRun {
    std::optional<cx::Tokens> tokens;
    std::optional<Error> error;
    FakePollClock clock;
};

void run_flow(const MockOpenAIAuth& server, FlowRun& run) {
    auth::CodexDeviceFlow flow(client(), auth::CodexDeviceFlowSettings{server.url()}, run.clock);
    try {
        const auto code = flow.request_code();
        run.tokens = flow.exchange(flow.wait_for_authorization(code));
    } catch (const Error& e) {
        run.error = e;
    }
}

std::vector<std::chrono::milliseconds> seconds(std::initializer_list<int> s) {
    std::vector<std::chrono::milliseconds> out;
    for (int v : s)
        out.push_back(std::chrono::seconds(v));
    return out;
}

std::string message_of(const std::optional<Error>& e) { return e ? e->what() : std::string("(no error)"); }

} // namespace

BOOST_AUTO_TEST_CASE(pending_then_success_exchanges_the_code) {
    MockOpenAIAuth server({pending(403), pending(404), authorized()});
    FlowRun run;
    run_flow(server, run);
    BOOST_REQUIRE_MESSAGE(!run.error, message_of(run.error));
    BOOST_TEST(run.tokens->access_token == "at-fresh");
    BOOST_TEST(run.tokens->refresh_token == "rt-fresh");
    BOOST_TEST(run.tokens->account_id == "acct-1");
    BOOST_TEST(run.clock.sleeps == seconds({5, 5, 5}), boost::test_tools::per_element());

    const auto requests = server.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 5u);
    BOOST_TEST(requests[0].target == "/api/accounts/deviceauth/usercode");
    BOOST_TEST(requests[0].header("Content-Type") == "application/json");
    BOOST_TEST(boost::json::parse(requests[0].body) ==
               boost::json::parse(R"({"client_id":"app_EMoamEEZ73f0CkXaXp7hrann"})"));
    BOOST_TEST(boost::json::parse(requests[1].body) ==
               boost::json::parse(R"({"device_auth_id":"dev-1","user_code":"ABCD-EFGH"})"));
    const auto& exchange = requests[4];
    BOOST_TEST(exchange.target == "/oauth/token");
    BOOST_TEST(exchange.header("Content-Type") == "application/x-www-form-urlencoded");
    BOOST_TEST(exchange.body == "grant_type=authorization_code&code=ac-1&redirect_uri=" +
                                    url_encode(server.url() + "/deviceauth/callback") +
                                    "&client_id=app_EMoamEEZ73f0CkXaXp7hrann&code_verifier=ver-1");
}

BOOST_AUTO_TEST_CASE(the_device_code_names_the_page_and_the_string_interval) {
    MockOpenAIAuth server({authorized()}, R"("7")");
    FakePollClock clock;
    auth::CodexDeviceFlow flow(client(), auth::CodexDeviceFlowSettings{server.url()}, clock);
    const auto code = flow.request_code();
    BOOST_TEST(code.user_code == "ABCD-EFGH");
    BOOST_TEST(code.device_auth_id == "dev-1");
    BOOST_TEST(code.verification_uri == server.url() + "/codex/device");
    BOOST_TEST(code.interval.count() == 7);
    BOOST_TEST(code.expires_in.count() == 15 * 60);
}

BOOST_AUTO_TEST_CASE(slow_down_backs_off_for_good) {
    MockOpenAIAuth server({ScriptedResponse::json(429, R"({"error":"slow_down"})"), pending(), authorized()});
    FlowRun run;
    run_flow(server, run);
    BOOST_REQUIRE_MESSAGE(!run.error, message_of(run.error));
    BOOST_TEST(run.clock.sleeps == seconds({5, 10, 10}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(slow_down_takes_a_longer_interval_the_server_names) {
    MockOpenAIAuth server({ScriptedResponse::json(400, R"({"error":"slow_down","interval":"20"})"), authorized()});
    FlowRun run;
    run_flow(server, run);
    BOOST_REQUIRE_MESSAGE(!run.error, message_of(run.error));
    BOOST_TEST(run.clock.sleeps == seconds({5, 20}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_code_expires_after_fifteen_minutes_of_pending) {
    MockOpenAIAuth server({pending()}, R"("300")");
    FlowRun run;
    run_flow(server, run);
    BOOST_REQUIRE(run.error);
    BOOST_TEST(run.error->error_class() == LLMH_ERR_AUTHENTICATION);
    BOOST_TEST(contains(run.error->what(), "expired"), run.error->what());
    BOOST_TEST(contains(run.error->what(), "llmhost auth login openai-codex"), run.error->what());
    // Polls at 5 and 10 minutes; at 15 the code is over.
    BOOST_TEST(server.count("/api/accounts/deviceauth/token") == 2u);
    BOOST_TEST(server.count("/oauth/token") == 0u);
}

BOOST_AUTO_TEST_CASE(denial_stops_the_flow) {
    MockOpenAIAuth server({pending(), ScriptedResponse::json(400, R"({"error":"access_denied"})")});
    FlowRun run;
    run_flow(server, run);
    BOOST_REQUIRE(run.error);
    BOOST_TEST(run.error->error_class() == LLMH_ERR_AUTHENTICATION);
    BOOST_TEST(contains(run.error->what(), "denied"), run.error->what());
    BOOST_TEST(server.count("/api/accounts/deviceauth/token") == 2u);
}

BOOST_AUTO_TEST_CASE(other_failures_are_classified_not_polled_forever) {
    MockOpenAIAuth server({ScriptedResponse::json(500, R"({"error":{"code":"boom","message":"it broke"}})")});
    FlowRun run;
    run_flow(server, run);
    BOOST_REQUIRE(run.error);
    BOOST_TEST(run.error->error_class() == LLMH_ERR_SERVER);
    BOOST_TEST(contains(run.error->what(), "boom: it broke"), run.error->what());
    BOOST_TEST(server.count("/api/accounts/deviceauth/token") == 1u);
}

BOOST_AUTO_TEST_CASE(login_saves_a_private_file_of_codex_shape) {
    MockOpenAIAuth server({pending(), authorized()});
    TempDir dir;
    auth::CodexLoginSettings settings;
    settings.env = env_of({{"XDG_CONFIG_HOME", dir.file("config")}, {"CODEX_HOME", dir.file("codex")}});
    settings.endpoints = {server.url(), server.url()};
    FakePollClock clock;
    std::ostringstream out;
    const auto result = auth::login_codex(client(), settings, clock, out);
    BOOST_TEST(!result.reused);
    BOOST_TEST(contains(out.str(), "ABCD-EFGH"), out.str());
    BOOST_TEST(contains(out.str(), server.url() + "/codex/device"), out.str());
    BOOST_TEST(!contains(out.str(), "at-fresh"));
    BOOST_TEST(!contains(out.str(), "rt-fresh"));

    const std::string path = dir.file("config/llmhost/openai-codex.json");
    BOOST_TEST(result.login.location == path);
    BOOST_TEST(result.login.email == "ada@example.com");
    BOOST_TEST(mode_of(path) == 0600u);
    BOOST_TEST(mode_of(dir.file("config/llmhost")) == 0700u);
    const auto doc = boost::json::parse(read_file(path)).as_object();
    BOOST_TEST(doc.at("tokens").at("access_token").as_string() == "at-fresh");
    BOOST_TEST(doc.at("tokens").at("refresh_token").as_string() == "rt-fresh");
    BOOST_TEST(doc.at("tokens").at("account_id").as_string() == "acct-1");
    BOOST_TEST(doc.at("OPENAI_API_KEY").is_null());
    BOOST_TEST(cx::parse_rfc3339(doc.at("last_refresh").as_string()).has_value());

    // A second login reuses it without a flow, unless forced.
    std::ostringstream again;
    BOOST_TEST(auth::login_codex(client(), settings, clock, again).reused);
    BOOST_TEST(server.count("/api/accounts/deviceauth/usercode") == 1u);
    settings.force = true;
    BOOST_TEST(!auth::login_codex(client(), settings, clock, again).reused);
    BOOST_TEST(server.count("/api/accounts/deviceauth/usercode") == 2u);
}

BOOST_AUTO_TEST_CASE(codex_login_is_reused_and_survives_logout) {
    MockOpenAIAuth server({authorized()});
    TempDir dir;
    std::filesystem::create_directories(dir.file("codex"));
    dir.write("codex/auth.json",
              R"({"OPENAI_API_KEY":null,"tokens":{"id_token":")" + id_token +
                  R"(","access_token":"at-codex","refresh_token":"rt-codex","account_id":"acct-1"}})");
    const auto env = env_of({{"HOME", dir.path()}, {"CODEX_HOME", dir.file("codex")}});

    auto found = auth::find_codex_login(env, {});
    BOOST_REQUIRE(found);
    BOOST_TEST(found->source == auth::CodexLoginSource::codex_file);
    BOOST_TEST(found->location == dir.file("codex/auth.json"));
    BOOST_TEST(found->account_id == "acct-1");
    BOOST_TEST(contains(auth::describe(*found), "Codex's login"));
    BOOST_TEST(!contains(auth::describe(*found), "at-codex"));

    auth::CodexLoginSettings settings;
    settings.env = env;
    settings.endpoints = {server.url(), server.url()};
    FakePollClock clock;
    std::ostringstream out;
    BOOST_TEST(auth::login_codex(client(), settings, clock, out).reused);
    BOOST_TEST(server.requests().empty());

    // A host key wins over both files.
    BOOST_TEST(auth::find_codex_login(env, "OPENAI_CODEX_TOKEN")->source == auth::CodexLoginSource::host_key);

    // Logout removes only llmhost's file; Codex's stays.
    BOOST_TEST(auth::logout_codex(env).empty());
    BOOST_TEST(std::filesystem::exists(dir.file("codex/auth.json")));
    settings.force = true;
    auth::login_codex(client(), settings, clock, out);
    BOOST_TEST(auth::find_codex_login(env, {})->source == auth::CodexLoginSource::llmhost_file);
    BOOST_TEST(auth::logout_codex(env) == dir.file(".config/llmhost/openai-codex.json"));
    BOOST_TEST(!std::filesystem::exists(dir.file(".config/llmhost/openai-codex.json")));
    BOOST_TEST(std::filesystem::exists(dir.file("codex/auth.json")));
    BOOST_TEST(auth::find_codex_login(env, {})->source == auth::CodexLoginSource::codex_file);
}
