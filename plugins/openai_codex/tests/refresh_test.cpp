// The openai-codex plugin's login handling (plugins/openai_codex/codex_login_keeper,
// codex_auth_retry) with a fake host replaying canned HTTP: an expired access token is
// refreshed before use and the rotated tokens are written back (0600, atomically, keeping
// Codex's other fields), a 401 refreshes once and retries once, never twice, and a host key
// is used as it is.
#include "support/test_env.hpp"
#include "unit/fake_host_services.hpp"

#include "plugins/openai_codex/codex_auth_retry.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <sys/stat.h>

using namespace llmhost;
using namespace llmhost::testing;
using namespace llmhost::codex_plugin;
namespace cx = llmhost::codex_credentials;

namespace {

std::string base64url(std::string_view in) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    uint32_t bits = 0;
    int count = 0;
    for (unsigned char c : in) {
        bits = (bits << 8) | c;
        for (count += 8; count >= 6;) {
            count -= 6;
            out.push_back(alphabet[(bits >> count) & 63]);
        }
    }
    if (count > 0) out.push_back(alphabet[(bits << (6 - count)) & 63]);
    return out;
}

// FakeHost's wall clock is 1'700'000'000 s.
std::string access_token(const std::string& name, int64_t exp) {
    return base64url(R"({"alg":"none"})") + "." +
           base64url(boost::json::serialize(boost::json::object{{"exp", exp}, {"name", name}})) + ".sig";
}
const std::string expired_token = access_token("old", 1'700'000'000 - 60);
const std::string fresh_token = access_token("new", 1'700'000'000 + 3600);
const std::string valid_token = access_token("valid", 1'700'000'000 + 3600);

mode_t mode_of(const std::string& path) {
    struct stat info {};
    BOOST_REQUIRE_MESSAGE(::stat(path.c_str(), &info) == 0, "cannot stat " << path);
    return info.st_mode & 0777;
}

struct Fixture {
    TempDir dir;
    FakeHost fake;
    std::string codex_file;
    Fixture() {
        fake.env = {{"HOME", dir.path()}, {"CODEX_HOME", dir.file("codex")}};
        codex_file = dir.file("codex/auth.json");
        std::filesystem::create_directories(dir.file("codex"));
    }
    void write_codex_login(const std::string& access, const std::string& last_refresh = "2023-11-14T22:00:00Z") {
        dir.write("codex/auth.json",
                  R"({"auth_mode":"chatgpt","OPENAI_API_KEY":null,"tokens":{"id_token":"","access_token":")" + access +
                      R"(","refresh_token":"rt-1","account_id":"acct-1"},"last_refresh":")" + last_refresh + "\"}");
    }
    CodexLoginKeeper keeper() {
        return CodexLoginKeeper(fake.host(), {{"http://auth.test", "http://backend.test/codex"}});
    }
};

CannedResponse refreshed(const std::string& access = fresh_token) {
    return CannedResponse::json(200, R"({"access_token":")" + access + R"(","refresh_token":"rt-2","id_token":""})");
}

// A backend call: the Authorization it sent, or Error(401).
std::string backend(const Call& call, const CodexAuth& auth) {
    HttpRequest request;
    request.method = "POST";
    request.url = "http://backend.test/codex/responses";
    set_header(request.headers, "Authorization", "Bearer " + auth.access_token);
    const auto response = call.http_buffered(request);
    if (response.head.status == 401)
        throw Error(LLMH_ERR_AUTHENTICATION, "unauthorized, token " + auth.access_token, 401);
    return auth.access_token;
}

} // namespace

BOOST_FIXTURE_TEST_CASE(an_expired_token_is_refreshed_and_written_back, Fixture) {
    write_codex_login(expired_token);
    fake.responses = {refreshed(), CannedResponse::json(200, "{}")};
    auto keeper = this->keeper();
    auto ctx = fake.context();
    const Call call(fake.host(), &ctx);
    const std::string used = with_codex_auth(
        keeper, call, [&](const CodexAuth& a) { return backend(call, a); }, [] { return true; });
    BOOST_TEST(used == fresh_token);

    BOOST_REQUIRE_EQUAL(fake.requests.size(), 2u);
    BOOST_TEST(fake.requests[0].url == "http://auth.test/oauth/token");
    const auto body = boost::json::parse(fake.requests[0].body).as_object();
    BOOST_TEST(body.at("grant_type").as_string() == "refresh_token");
    BOOST_TEST(body.at("refresh_token").as_string() == "rt-1");
    BOOST_TEST(body.at("client_id").as_string() == "app_EMoamEEZ73f0CkXaXp7hrann");

    // Codex's file now holds the rotated tokens, its other fields kept, still private.
    const auto doc = boost::json::parse(read_file(codex_file)).as_object();
    BOOST_TEST(doc.at("tokens").at("access_token").as_string() == fresh_token);
    BOOST_TEST(doc.at("tokens").at("refresh_token").as_string() == "rt-2");
    BOOST_TEST(doc.at("tokens").at("account_id").as_string() == "acct-1");
    BOOST_TEST(doc.at("auth_mode").as_string() == "chatgpt");
    BOOST_TEST(doc.at("last_refresh").as_string() == "2023-11-14T22:13:20Z");
    BOOST_TEST(mode_of(codex_file) == 0600u);
}

BOOST_FIXTURE_TEST_CASE(a_valid_token_is_used_without_a_refresh, Fixture) {
    write_codex_login(valid_token);
    fake.responses = {CannedResponse::json(200, "{}")};
    auto keeper = this->keeper();
    auto ctx = fake.context();
    const Call call(fake.host(), &ctx);
    BOOST_TEST(keeper.current(call).access_token == valid_token);
    BOOST_TEST(keeper.current(call).account_id == "acct-1");
    BOOST_TEST(fake.requests.empty());
}

BOOST_FIXTURE_TEST_CASE(a_login_older_than_eight_days_is_refreshed, Fixture) {
    write_codex_login(valid_token, "2023-11-01T00:00:00Z");
    fake.responses = {refreshed()};
    auto keeper = this->keeper();
    auto ctx = fake.context();
    const Call call(fake.host(), &ctx);
    BOOST_TEST(keeper.current(call).access_token == fresh_token);
    BOOST_TEST(fake.requests.size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(a_401_refreshes_once_and_retries_once, Fixture) {
    write_codex_login(valid_token);
    fake.responses = {CannedResponse::json(401, R"({"detail":"expired"})"), refreshed(),
                      CannedResponse::json(200, "{}")};
    auto keeper = this->keeper();
    auto ctx = fake.context();
    const Call call(fake.host(), &ctx);
    const std::string used = with_codex_auth(
        keeper, call, [&](const CodexAuth& a) { return backend(call, a); }, [] { return true; });
    BOOST_TEST(used == fresh_token);
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 3u);
    BOOST_TEST(fake.requests[1].url == "http://auth.test/oauth/token");
    BOOST_TEST(cx::read_login(codex_file, true)->tokens.refresh_token == "rt-2");
}

BOOST_FIXTURE_TEST_CASE(a_second_401_is_not_retried_again, Fixture) {
    write_codex_login(valid_token);
    fake.responses = {CannedResponse::json(401, "{}"), refreshed(), CannedResponse::json(401, "{}"),
                      refreshed(access_token("third", 1'700'003'600)), CannedResponse::json(200, "{}")};
    auto keeper = this->keeper();
    auto ctx = fake.context();
    const Call call(fake.host(), &ctx);
    try {
        with_codex_auth(
            keeper, call, [&](const CodexAuth& a) { return backend(call, a); }, [] { return true; });
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_AUTHENTICATION);
        BOOST_TEST(e.http_status() == 401);
        const std::string what = e.what();
        BOOST_TEST(what.find("rejected too") != std::string::npos, what);
        BOOST_TEST(what.find(fresh_token) == std::string::npos, what); // tokens are redacted
        BOOST_TEST(what.find(valid_token) == std::string::npos, what);
    }
    BOOST_TEST(fake.requests.size() == 3u); // backend, one refresh, backend: no second refresh
}

BOOST_FIXTURE_TEST_CASE(a_401_in_a_started_stream_is_not_retried, Fixture) {
    write_codex_login(valid_token);
    fake.responses = {CannedResponse::json(401, "{}"), refreshed()};
    auto keeper = this->keeper();
    auto ctx = fake.context();
    const Call call(fake.host(), &ctx);
    BOOST_CHECK_THROW(with_codex_auth(
                          keeper, call, [&](const CodexAuth& a) { return backend(call, a); }, [] { return false; }),
                      Error);
    BOOST_TEST(fake.requests.size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(a_refused_refresh_asks_to_sign_in_again, Fixture) {
    write_codex_login(expired_token);
    fake.responses = {CannedResponse::json(401, R"({"error":{"code":"refresh_token_reused"}})")};
    auto keeper = this->keeper();
    auto ctx = fake.context();
    const Call call(fake.host(), &ctx);
    try {
        keeper.current(call);
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_AUTHENTICATION);
        const std::string what = e.what();
        BOOST_TEST(what.find("refresh_token_reused") != std::string::npos, what);
        BOOST_TEST(what.find("llmhost auth login openai-codex") != std::string::npos, what);
    }
    BOOST_TEST(cx::read_login(codex_file, true)->tokens.refresh_token == "rt-1"); // untouched
}

BOOST_FIXTURE_TEST_CASE(no_login_names_where_it_looked, Fixture) {
    auto keeper = this->keeper();
    auto ctx = fake.context();
    const Call call(fake.host(), &ctx);
    try {
        keeper.current(call);
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_MISSING_CREDENTIALS);
        BOOST_TEST(std::string(e.what()).find(codex_file) != std::string::npos, e.what());
    }
}

BOOST_FIXTURE_TEST_CASE(a_host_key_is_used_as_given_and_not_refreshed, Fixture) {
    write_codex_login(expired_token);
    fake.env["CHATGPT_ACCOUNT_ID"] = "acct-env";
    auto keeper = this->keeper();
    const std::string key = "host-access-token";
    auto ctx = fake.context(key);
    const Call call(fake.host(), &ctx);
    const auto auth = keeper.current(call);
    BOOST_TEST(auth.access_token == key);
    BOOST_TEST(auth.account_id == "acct-env");
    BOOST_TEST(!auth.refreshable);
    BOOST_TEST(fake.requests.empty());
}
