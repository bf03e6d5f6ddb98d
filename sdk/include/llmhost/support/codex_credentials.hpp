// What llmhost's ChatGPT sign-in (`llmhost auth login openai-codex`, in the host) and the
// openai-codex plugin must agree on: OpenAI's auth endpoints and their overrides, where a
// ChatGPT login is kept, how to tell that its access token needs refreshing, and how to
// write it back without ever exposing it:
//
//   <config>/llmhost/openai-codex.json   llmhost's own login
//   $CODEX_HOME/auth.json                Codex's login (default ~/.codex/auth.json)
//
// Both have Codex's shape: {"OPENAI_API_KEY": null, "tokens": {"id_token", "access_token",
// "refresh_token", "account_id"}, "last_refresh": RFC 3339}. Refresh tokens rotate, so a
// refreshed login is written back to the file it came from, keeping that file's other fields.
#pragma once

#include <llmhost/error.hpp>
#include <llmhost/support/copilot_credentials.hpp>
#include <llmhost/support/private_file.hpp>

#include <boost/json.hpp>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace llmhost::codex_credentials {

using EnvLookup = copilot_credentials::EnvLookup;

// The public OAuth client of the Codex CLI, and OpenAI's auth server.
inline constexpr std::string_view oauth_client_id = "app_EMoamEEZ73f0CkXaXp7hrann";
inline constexpr std::string_view default_issuer = "https://auth.openai.com";
inline constexpr std::string_view default_base_url = "https://chatgpt.com/backend-api/codex";
inline constexpr std::string_view refresh_scope = "openid profile email";
// Overrides for tests that point llmhost at local mocks.
inline constexpr std::string_view issuer_variable = "LLMHOST_CODEX_ISSUER";
inline constexpr std::string_view base_url_variable = "LLMHOST_CODEX_BASE_URL";

// Codex refreshes a login this old even when its access token still looks valid.
inline constexpr std::chrono::hours refresh_age{8 * 24};
// An access token this close to its expiry is refreshed before use.
inline constexpr std::chrono::minutes expiry_margin{5};

// Secrets: never print or log any of them.
struct Tokens {
    std::string id_token;
    std::string access_token;
    std::string refresh_token;
    std::string account_id; // the ChatGPT account (workspace) the tokens are for
};

struct StoredLogin {
    Tokens tokens;
    std::string last_refresh;     // RFC 3339, "" when the file does not say
    std::string file;             // where it was found (and where a refresh is written back)
    bool codex_file = false;      // Codex's own auth.json rather than llmhost's file
    boost::json::object document; // the whole file, so that a write-back keeps other fields
};

struct Endpoints {
    std::string issuer;   // {issuer}/api/accounts/deviceauth/..., {issuer}/oauth/token
    std::string base_url; // {base_url}/responses, {base_url}/models
};

// The endpoints in force: the environment variable › the configured option › OpenAI's.
inline Endpoints resolve_endpoints(const EnvLookup& env, const std::optional<std::string>& configured_issuer = {},
                                   const std::optional<std::string>& configured_base_url = {}) {
    auto pick = [&](std::string_view variable, const std::optional<std::string>& configured, std::string_view option,
                    std::string_view fallback) {
        if (auto v = copilot_credentials::detail::non_empty(env, variable))
            return copilot_credentials::require_http_url(*v, variable);
        if (configured && !configured->empty())
            return copilot_credentials::require_http_url(*configured, "option " + std::string(option));
        return std::string(fallback);
    };
    return {pick(issuer_variable, configured_issuer, "issuer", default_issuer),
            pick(base_url_variable, configured_base_url, "base_url", default_base_url)};
}

inline std::string llmhost_login_path(const EnvLookup& env) {
    const std::string base = copilot_credentials::config_home(env);
    return base.empty() ? std::string() : base + "/llmhost/openai-codex.json";
}

// $CODEX_HOME/auth.json, else $HOME/.codex/auth.json; "" when neither is known.
inline std::string codex_login_path(const EnvLookup& env) {
    if (auto home = copilot_credentials::detail::non_empty(env, "CODEX_HOME")) return *home + "/auth.json";
    if (auto home = copilot_credentials::detail::non_empty(env, "HOME")) return *home + "/.codex/auth.json";
    return {};
}

// --- JWT claims (read, never verified: the server that issued them checks them) ---------

inline std::optional<std::string> base64url_decode(std::string_view text) {
    std::string out;
    uint32_t bits = 0;
    int count = 0;
    for (char c : text) {
        int v;
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= 'a' && c <= 'z')
            v = c - 'a' + 26;
        else if (c >= '0' && c <= '9')
            v = c - '0' + 52;
        else if (c == '-' || c == '+')
            v = 62;
        else if (c == '_' || c == '/')
            v = 63;
        else if (c == '=')
            break;
        else
            return std::nullopt;
        bits = (bits << 6) | static_cast<uint32_t>(v);
        if ((count += 6) >= 8) {
            count -= 8;
            out.push_back(static_cast<char>((bits >> count) & 0xff));
        }
    }
    return out;
}

// The payload of a JWT as a JSON object; nullopt when `token` is not one.
inline std::optional<boost::json::object> jwt_claims(std::string_view token) {
    const auto first = token.find('.');
    if (first == std::string_view::npos) return std::nullopt;
    const auto second = token.find('.', first + 1);
    if (second == std::string_view::npos) return std::nullopt;
    const auto payload = base64url_decode(token.substr(first + 1, second - first - 1));
    if (!payload) return std::nullopt;
    boost::system::error_code ec;
    auto value = boost::json::parse(*payload, ec);
    if (ec || !value.is_object()) return std::nullopt;
    return std::move(value.get_object());
}

// The `exp` claim (Unix seconds), when there is one.
inline std::optional<int64_t> jwt_expiry(std::string_view token) {
    const auto claims = jwt_claims(token);
    if (!claims) return std::nullopt;
    const auto* exp = claims->if_contains("exp");
    if (exp && exp->is_int64()) return exp->get_int64();
    if (exp && exp->is_uint64()) return static_cast<int64_t>(exp->get_uint64());
    if (exp && exp->is_double()) return static_cast<int64_t>(exp->get_double());
    return std::nullopt;
}

namespace detail {
inline std::string auth_claim(std::string_view id_token, std::string_view key) {
    const auto claims = jwt_claims(id_token);
    if (!claims) return {};
    const auto* auth = claims->if_contains("https://api.openai.com/auth");
    if (!auth || !auth->is_object()) return {};
    return copilot_credentials::detail::string_field(auth->get_object(), key);
}
} // namespace detail

// The ChatGPT account id in an id_token's "https://api.openai.com/auth" claim, or "".
inline std::string account_id_of(std::string_view id_token) {
    return detail::auth_claim(id_token, "chatgpt_account_id");
}

// The e-mail address an id_token names (for `auth status`), or "".
inline std::string email_of(std::string_view id_token) {
    const auto claims = jwt_claims(id_token);
    return claims ? copilot_credentials::detail::string_field(*claims, "email") : std::string();
}

// --- RFC 3339 times ----------------------------------------------------------------------

inline std::string format_rfc3339(std::chrono::system_clock::time_point when) {
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm utc{};
    ::gmtime_r(&t, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

// "2025-05-01T12:34:56[.frac](Z|±hh:mm)"; nullopt when it is not that.
inline std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view text) {
    std::tm tm{};
    int consumed = 0;
    const std::string s(text);
    if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                    &tm.tm_min, &tm.tm_sec, &consumed) != 6)
        return std::nullopt;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    std::string_view rest = text.substr(static_cast<size_t>(consumed));
    if (!rest.empty() && rest.front() == '.') {
        rest.remove_prefix(1);
        while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9')
            rest.remove_prefix(1);
    }
    long offset = 0;
    if ((rest.size() == 6) && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
        const long hours = std::strtol(std::string(rest.substr(1, 2)).c_str(), nullptr, 10);
        const long minutes = std::strtol(std::string(rest.substr(4, 2)).c_str(), nullptr, 10);
        offset = (rest[0] == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
    } else if (rest != "Z" && rest != "z") {
        return std::nullopt;
    }
    return std::chrono::system_clock::from_time_t(::timegm(&tm) - offset);
}

// --- reading logins ---------------------------------------------------------------------

// A login file of Codex's shape; nullopt when missing, unreadable, or without tokens.
inline std::optional<StoredLogin> read_login(const std::string& path, bool codex_file) {
    auto o = copilot_credentials::detail::read_json_object(path);
    if (!o) return std::nullopt;
    const auto* tokens = o->if_contains("tokens");
    if (!tokens || !tokens->is_object()) return std::nullopt;
    using copilot_credentials::detail::string_field;
    const auto& t = tokens->get_object();
    StoredLogin login;
    login.tokens = {string_field(t, "id_token"), string_field(t, "access_token"), string_field(t, "refresh_token"),
                    string_field(t, "account_id")};
    if (login.tokens.access_token.empty() && login.tokens.refresh_token.empty()) return std::nullopt;
    if (login.tokens.account_id.empty()) login.tokens.account_id = account_id_of(login.tokens.id_token);
    login.last_refresh = string_field(*o, "last_refresh");
    login.file = path;
    login.codex_file = codex_file;
    login.document = std::move(*o);
    return login;
}

// The login an openai-codex call uses when the host resolved no key: llmhost's own › Codex's.
inline std::optional<StoredLogin> find_stored_login(const EnvLookup& env) {
    if (const std::string own = llmhost_login_path(env); !own.empty())
        if (auto login = read_login(own, false)) return login;
    if (const std::string codex = codex_login_path(env); !codex.empty())
        if (auto login = read_login(codex, true)) return login;
    return std::nullopt;
}

// The files find_stored_login reads, for "not logged in" messages.
inline std::vector<std::string> login_paths(const EnvLookup& env) {
    std::vector<std::string> paths;
    for (auto path : {llmhost_login_path(env), codex_login_path(env)})
        if (!path.empty()) paths.push_back(std::move(path));
    return paths;
}

// --- refreshing -------------------------------------------------------------------------

// True when the access token is missing, expired or about to, or the login is older than
// Codex lets a login get before refreshing it.
inline bool needs_refresh(const StoredLogin& login, std::chrono::system_clock::time_point now) {
    if (login.tokens.access_token.empty()) return true;
    if (const auto exp = jwt_expiry(login.tokens.access_token))
        if (std::chrono::system_clock::from_time_t(static_cast<std::time_t>(*exp)) <= now + expiry_margin) return true;
    if (const auto last = parse_rfc3339(login.last_refresh)) return now - *last >= refresh_age;
    return false;
}

// POST {issuer}/oauth/token, Content-Type: application/json.
inline std::string refresh_token_url(std::string_view issuer) { return std::string(issuer) + "/oauth/token"; }

inline std::string refresh_request_body(std::string_view refresh_token) {
    return boost::json::serialize(boost::json::object{{"client_id", oauth_client_id},
                                                      {"grant_type", "refresh_token"},
                                                      {"refresh_token", refresh_token},
                                                      {"scope", refresh_scope}});
}

// Applies a successful refresh answer ({id_token?, access_token?, refresh_token?}) to
// `login`. Throws MALFORMED_RESPONSE when it carries no access token.
inline void apply_refresh_answer(StoredLogin& login, std::string_view body, std::chrono::system_clock::time_point now) {
    boost::system::error_code ec;
    auto value = boost::json::parse(body, ec);
    if (ec || !value.is_object())
        throw Error(LLMH_ERR_MALFORMED_RESPONSE, "the token refresh answer is not a JSON object");
    using copilot_credentials::detail::string_field;
    const auto& o = value.get_object();
    const std::string access = string_field(o, "access_token");
    if (access.empty()) throw Error(LLMH_ERR_MALFORMED_RESPONSE, "the token refresh answer has no access_token");
    login.tokens.access_token = access;
    if (auto id = string_field(o, "id_token"); !id.empty()) {
        login.tokens.id_token = id;
        if (auto account = account_id_of(id); !account.empty()) login.tokens.account_id = account;
    }
    if (auto refresh = string_field(o, "refresh_token"); !refresh.empty()) login.tokens.refresh_token = refresh;
    login.last_refresh = format_rfc3339(now);
}

// --- writing ----------------------------------------------------------------------------

// The login as a document of Codex's shape: the fields read from its file, with the tokens
// and last_refresh replaced.
inline boost::json::object to_document(const StoredLogin& login) {
    boost::json::object doc = login.document;
    if (!doc.contains("OPENAI_API_KEY")) doc["OPENAI_API_KEY"] = nullptr;
    boost::json::object tokens;
    if (const auto* old = doc.if_contains("tokens"); old && old->is_object()) tokens = old->get_object();
    tokens["id_token"] = login.tokens.id_token;
    tokens["access_token"] = login.tokens.access_token;
    tokens["refresh_token"] = login.tokens.refresh_token;
    if (login.tokens.account_id.empty())
        tokens["account_id"] = nullptr;
    else
        tokens["account_id"] = login.tokens.account_id;
    doc["tokens"] = std::move(tokens);
    if (!login.last_refresh.empty()) doc["last_refresh"] = login.last_refresh;
    return doc;
}

// Writes the login to login.file (see write_private_file).
inline void save_login(const StoredLogin& login) {
    write_private_file(login.file, boost::json::serialize(to_document(login)) + "\n");
}

} // namespace llmhost::codex_credentials
