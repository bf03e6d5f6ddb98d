// The ChatGPT login files shared by the host and the openai-codex plugin
// (llmhost/support/codex_credentials.hpp): where they are, reading Codex's auth.json shape, JWT
// claims, when to refresh, the refresh request, and the private atomic write-back.
#include "support/test_env.hpp"

#include <llmhost/support/codex_credentials.hpp>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <map>
#include <sys/stat.h>

using namespace llmhost;
using namespace llmhost::testing;
namespace cx = llmhost::codex_credentials;

namespace {

cx::EnvLookup env_of(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
        auto it = vars.find(std::string(name));
        if (it == vars.end()) return std::nullopt;
        return it->second;
    };
}

std::string base64url(std::string_view in) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    uint32_t bits = 0;
    int count = 0;
    for (unsigned char c : in) {
        bits = (bits << 8) | c;
        count += 8;
        while (count >= 6) {
            count -= 6;
            out.push_back(alphabet[(bits >> count) & 63]);
        }
    }
    if (count > 0) out.push_back(alphabet[(bits << (6 - count)) & 63]);
    return out;
}

std::string jwt(const boost::json::object& claims) {
    return base64url(R"({"alg":"none"})") + "." + base64url(boost::json::serialize(claims)) + ".sig";
}

mode_t mode_of(const std::string& path) {
    struct stat info {};
    BOOST_REQUIRE_MESSAGE(::stat(path.c_str(), &info) == 0, "cannot stat " << path);
    return info.st_mode & 0777;
}

const auto now = std::chrono::system_clock::from_time_t(1'750'000'000);

cx::StoredLogin login_with(std::string access_token, std::string last_refresh) {
    cx::StoredLogin login;
    login.tokens.access_token = std::move(access_token);
    login.tokens.refresh_token = "rt";
    login.last_refresh = std::move(last_refresh);
    return login;
}

} // namespace

BOOST_AUTO_TEST_CASE(jwt_claims_are_read_without_verification) {
    const std::string id = jwt({{"email", "ada@example.com"},
                                {"exp", 1'750'000'123},
                                {"https://api.openai.com/auth", {{"chatgpt_account_id", "acct-42"}}}});
    BOOST_TEST(cx::account_id_of(id) == "acct-42");
    BOOST_TEST(cx::email_of(id) == "ada@example.com");
    BOOST_TEST(cx::jwt_expiry(id).value_or(0) == 1'750'000'123);
    BOOST_TEST(!cx::jwt_expiry("not-a-jwt"));
    BOOST_TEST(!cx::jwt_expiry("a.!!!.c"));
    BOOST_TEST(cx::account_id_of("a.b.c").empty());
}

BOOST_AUTO_TEST_CASE(refresh_is_due_near_expiry_or_after_eight_days) {
    const auto exp_in = [](int seconds) { return jwt({{"exp", 1'750'000'000 + seconds}}); };
    BOOST_TEST(!cx::needs_refresh(login_with(exp_in(3600), "2025-06-15T00:00:00Z"), now));
    BOOST_TEST(cx::needs_refresh(login_with(exp_in(-10), "2025-06-15T00:00:00Z"), now));
    BOOST_TEST(cx::needs_refresh(login_with(exp_in(60), ""), now)); // inside the 5-minute margin
    // 1'750'000'000 is 2025-06-15T15:06:40Z: nine days after the 6th, seven after the 8th.
    BOOST_TEST(cx::needs_refresh(login_with(exp_in(3600), "2025-06-06T15:00:00.123456Z"), now));
    BOOST_TEST(!cx::needs_refresh(login_with(exp_in(3600), "2025-06-08T15:00:00+00:00"), now));
    BOOST_TEST(cx::needs_refresh(login_with("", ""), now));
    BOOST_TEST(!cx::needs_refresh(login_with("opaque-token", ""), now)); // nothing says it is old
}

BOOST_AUTO_TEST_CASE(rfc3339_round_trips) {
    BOOST_TEST(cx::format_rfc3339(now) == "2025-06-15T15:06:40Z");
    BOOST_TEST((cx::parse_rfc3339("2025-06-15T17:06:40+02:00") == now));
    BOOST_TEST(!cx::parse_rfc3339("yesterday"));
}

BOOST_AUTO_TEST_CASE(the_refresh_request_and_answer) {
    const auto body = boost::json::parse(cx::refresh_request_body("rt-old")).as_object();
    BOOST_TEST(body.at("client_id").as_string() == "app_EMoamEEZ73f0CkXaXp7hrann");
    BOOST_TEST(body.at("grant_type").as_string() == "refresh_token");
    BOOST_TEST(body.at("refresh_token").as_string() == "rt-old");
    BOOST_TEST(cx::refresh_token_url("https://auth.openai.com") == "https://auth.openai.com/oauth/token");

    cx::StoredLogin login = login_with("old", "");
    const std::string id = jwt({{"https://api.openai.com/auth", {{"chatgpt_account_id", "acct-new"}}}});
    cx::apply_refresh_answer(login, R"({"access_token":"new","refresh_token":"rt-new","id_token":")" + id + "\"}", now);
    BOOST_TEST(login.tokens.access_token == "new");
    BOOST_TEST(login.tokens.refresh_token == "rt-new");
    BOOST_TEST(login.tokens.account_id == "acct-new");
    BOOST_TEST(login.last_refresh == "2025-06-15T15:06:40Z");
    // A refresh answer without a new refresh token keeps the old one.
    cx::apply_refresh_answer(login, R"({"access_token":"newer"})", now);
    BOOST_TEST(login.tokens.refresh_token == "rt-new");
    BOOST_CHECK_THROW(cx::apply_refresh_answer(login, R"({"error":"invalid_grant"})", now), Error);
}

BOOST_AUTO_TEST_CASE(login_paths_follow_xdg_and_codex_home) {
    const auto env = env_of({{"HOME", "/home/ada"}, {"XDG_CONFIG_HOME", "/xdg"}});
    BOOST_TEST(cx::llmhost_login_path(env) == "/xdg/llmhost/openai-codex.json");
    BOOST_TEST(cx::codex_login_path(env) == "/home/ada/.codex/auth.json");
    BOOST_TEST(cx::codex_login_path(env_of({{"HOME", "/h"}, {"CODEX_HOME", "/c"}})) == "/c/auth.json");
    BOOST_TEST(cx::llmhost_login_path(env_of({{"HOME", "/h"}})) == "/h/.config/llmhost/openai-codex.json");
    BOOST_TEST(cx::login_paths(env_of({})).empty());
}

BOOST_AUTO_TEST_CASE(endpoints_prefer_the_environment_then_options) {
    BOOST_TEST(cx::resolve_endpoints(env_of({})).issuer == "https://auth.openai.com");
    BOOST_TEST(cx::resolve_endpoints(env_of({})).base_url == "https://chatgpt.com/backend-api/codex");
    const auto e = cx::resolve_endpoints(env_of({{"LLMHOST_CODEX_ISSUER", "http://127.0.0.1:9/"}}),
                                         std::string("http://ignored"), std::string("http://127.0.0.1:8/codex/"));
    BOOST_TEST(e.issuer == "http://127.0.0.1:9");
    BOOST_TEST(e.base_url == "http://127.0.0.1:8/codex");
    BOOST_CHECK_THROW(cx::resolve_endpoints(env_of({{"LLMHOST_CODEX_BASE_URL", "ftp://x"}})), Error);
}

BOOST_AUTO_TEST_CASE(llmhost_login_comes_before_codex_login) {
    TempDir dir;
    const auto env = env_of({{"HOME", dir.path()}, {"CODEX_HOME", dir.file("codex")}});
    BOOST_TEST(!cx::find_stored_login(env));

    std::filesystem::create_directories(dir.file("codex"));
    const std::string id = jwt({{"https://api.openai.com/auth", {{"chatgpt_account_id", "acct-c"}}}});
    dir.write("codex/auth.json",
              R"({"OPENAI_API_KEY":null,"tokens":{"id_token":")" + id +
                  R"(","access_token":"at-codex","refresh_token":"rt-codex"},"last_refresh":"2025-06-15T00:00:00Z"})");
    auto found = cx::find_stored_login(env);
    BOOST_REQUIRE(found);
    BOOST_TEST(found->codex_file);
    BOOST_TEST(found->file == dir.file("codex/auth.json"));
    BOOST_TEST(found->tokens.access_token == "at-codex");
    BOOST_TEST(found->tokens.account_id == "acct-c"); // from the id_token when tokens has none

    cx::StoredLogin own = login_with("at-own", "");
    own.file = cx::llmhost_login_path(env);
    cx::save_login(own);
    found = cx::find_stored_login(env);
    BOOST_REQUIRE(found);
    BOOST_TEST(!found->codex_file);
    BOOST_TEST(found->tokens.access_token == "at-own");

    // An API-key-only Codex file is no ChatGPT login.
    std::filesystem::remove(own.file);
    dir.write("codex/auth.json", R"({"OPENAI_API_KEY":"sk-x"})");
    BOOST_TEST(!cx::find_stored_login(env));
}

BOOST_AUTO_TEST_CASE(write_back_is_private_atomic_and_keeps_other_fields) {
    TempDir dir;
    const std::string path = dir.file("new/dir/auth.json");
    std::filesystem::create_directories(dir.file("new"));
    dir.write("new/placeholder", "");
    ::chmod(dir.file("new").c_str(), 0755);

    cx::StoredLogin login = login_with("at-1", "2025-01-01T00:00:00Z");
    login.file = path;
    login.document = boost::json::parse(R"({"auth_mode":"chatgpt","OPENAI_API_KEY":null,
        "tokens":{"access_token":"old","extra":"kept"},"custom":1})")
                         .as_object();
    cx::save_login(login);
    BOOST_TEST(mode_of(path) == 0600u);
    BOOST_TEST(mode_of(dir.file("new/dir")) == 0700u);
    BOOST_TEST(mode_of(dir.file("new")) == 0755u); // existing directories keep their mode

    const auto doc = boost::json::parse(read_file(path)).as_object();
    BOOST_TEST(doc.at("auth_mode").as_string() == "chatgpt");
    BOOST_TEST(doc.at("custom").as_int64() == 1);
    BOOST_TEST(doc.at("OPENAI_API_KEY").is_null());
    BOOST_TEST(doc.at("tokens").at("access_token").as_string() == "at-1");
    BOOST_TEST(doc.at("tokens").at("refresh_token").as_string() == "rt");
    BOOST_TEST(doc.at("tokens").at("extra").as_string() == "kept");
    BOOST_TEST(doc.at("last_refresh").as_string() == "2025-01-01T00:00:00Z");

    // Replaced, not rewritten in place: a new inode, and no temporary file left behind.
    struct stat before {};
    ::stat(path.c_str(), &before);
    login.tokens.access_token = "at-2";
    cx::save_login(login);
    struct stat after {};
    ::stat(path.c_str(), &after);
    BOOST_TEST(before.st_ino != after.st_ino);
    BOOST_TEST(std::distance(std::filesystem::directory_iterator(dir.file("new/dir")),
                             std::filesystem::directory_iterator()) == 1);
    BOOST_TEST(cx::read_login(path, true)->tokens.access_token == "at-2");
}
