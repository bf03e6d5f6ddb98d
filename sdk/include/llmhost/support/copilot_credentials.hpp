// What llmhost's Copilot login (`llmhost auth login copilot`, in the host) and the copilot
// plugin must agree on: the GitHub endpoints and their overrides, and where the long-lived
// GitHub OAuth token is kept (docs/protocols/copilot.md):
//
//   <config>/llmhost/copilot.json          llmhost's own login: {"host","user","oauth_token"}
//   <config>/github-copilot/apps.json      other editors' logins: the first key that starts
//   <config>/github-copilot/hosts.json     with the GitHub host holds {"oauth_token","user"}
//
// where <config> is $XDG_CONFIG_HOME, else $HOME/.config. Environment lookups go through a
// function so the plugin can use Host::env and the host getenv (and tests their own).
#pragma once

#include <llmhost/error.hpp>

#include <boost/json.hpp>

#include <cctype>
#include <fstream>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmhost::copilot_credentials {

// The public OAuth app of the Copilot editor plugins (zed, copilot.vim and others use it).
inline constexpr std::string_view oauth_client_id = "Iv1.b507a08c87ecfe98";
inline constexpr std::string_view oauth_scope = "read:user";

inline constexpr std::string_view default_github_url = "https://github.com";
inline constexpr std::string_view default_api_url = "https://api.github.com";
// Overrides for GitHub Enterprise and for tests that point llmhost at local mocks.
inline constexpr std::string_view github_url_variable = "LLMHOST_COPILOT_GITHUB_URL";
inline constexpr std::string_view api_url_variable = "LLMHOST_COPILOT_API_URL";

using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

// A token as found on disk. `oauth_token` is a secret: never print or log it.
struct StoredToken {
    std::string oauth_token;
    std::string user; // "" when the file does not say
    std::string host; // the GitHub host it was issued by, e.g. "github.com"
    std::string file; // where it was found
};

struct Endpoints {
    std::string github_url; // device-code login: {github_url}/login/device/code ...
    std::string api_url;    // REST API: {api_url}/user, {api_url}/copilot_internal/v2/token
};

namespace detail {

inline std::optional<std::string> non_empty(const EnvLookup& env, std::string_view name) {
    if (!env) return std::nullopt;
    auto value = env(name);
    if (!value || value->empty()) return std::nullopt;
    return value;
}

// A JSON object from a small file; nullopt when it is missing, unreadable or not an object.
inline std::optional<boost::json::object> read_json_object(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    constexpr size_t max_size = 1 << 20; // these files hold a few tokens
    std::string text;
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (text.size() > max_size) return std::nullopt;
    boost::system::error_code ec;
    auto value = boost::json::parse(text, ec);
    if (ec || !value.is_object()) return std::nullopt;
    return std::move(value.get_object());
}

inline std::string string_field(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

} // namespace detail

// `url` without trailing slashes; throws INVALID_CONFIG naming `what` (where the value came
// from) unless it is an http(s) URL.
inline std::string require_http_url(std::string url, std::string_view what) {
    while (!url.empty() && url.back() == '/')
        url.pop_back();
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
        throw Error(LLMH_ERR_INVALID_CONFIG, std::string(what) + " '" + url + "' must start with http:// or https://");
    return url;
}

// The endpoints in force: the environment variable › the configured value (a plugin option
// or the same option in [providers.copilot]) › GitHub.com. Throws INVALID_CONFIG for a value
// that is not an http(s) URL.
inline Endpoints resolve_endpoints(const EnvLookup& env, const std::optional<std::string>& configured_github_url = {},
                                   const std::optional<std::string>& configured_api_url = {}) {
    auto pick = [&](std::string_view variable, const std::optional<std::string>& configured, std::string_view option,
                    std::string_view fallback) {
        if (auto v = detail::non_empty(env, variable)) return require_http_url(*v, variable);
        if (configured && !configured->empty()) return require_http_url(*configured, "option " + std::string(option));
        return std::string(fallback);
    };
    return {pick(github_url_variable, configured_github_url, "github_url", default_github_url),
            pick(api_url_variable, configured_api_url, "api_url", default_api_url)};
}

// The host[:port] part of an http(s) URL, lower-case: "github.com" for https://github.com/.
// Token files are keyed by it.
inline std::string host_of_url(std::string_view url) {
    if (const auto sep = url.find("://"); sep != std::string_view::npos) url.remove_prefix(sep + 3);
    url = url.substr(0, url.find_first_of("/?#"));
    if (const auto at = url.rfind('@'); at != std::string_view::npos) url.remove_prefix(at + 1);
    std::string host;
    for (char c : url)
        host.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    return host;
}

// $XDG_CONFIG_HOME when set (and absolute, as the XDG spec requires), else $HOME/.config;
// "" when neither is known.
inline std::string config_home(const EnvLookup& env) {
    if (auto xdg = detail::non_empty(env, "XDG_CONFIG_HOME"); xdg && xdg->front() == '/') return *xdg;
    if (auto home = detail::non_empty(env, "HOME")) return *home + "/.config";
    return {};
}

inline std::string llmhost_token_path(const EnvLookup& env) {
    const std::string base = config_home(env);
    return base.empty() ? std::string() : base + "/llmhost/copilot.json";
}

// Other editors' files, in the order they are read.
inline std::vector<std::string> editor_token_paths(const EnvLookup& env) {
    const std::string base = config_home(env);
    if (base.empty()) return {};
    return {base + "/github-copilot/apps.json", base + "/github-copilot/hosts.json"};
}

// llmhost's own file, when it holds a token for `host` (a file without a host is taken as
// github.com's, the default).
inline std::optional<StoredToken> read_llmhost_token(const std::string& path, std::string_view host) {
    const auto o = detail::read_json_object(path);
    if (!o) return std::nullopt;
    StoredToken t{detail::string_field(*o, "oauth_token"), detail::string_field(*o, "user"),
                  detail::string_field(*o, "host"), path};
    if (t.host.empty()) t.host = host_of_url(default_github_url);
    if (t.oauth_token.empty() || t.host != host) return std::nullopt;
    return t;
}

// An editor's apps.json or hosts.json: the first key starting with `host` (apps.json keys
// are "github.com:<client id>") whose value holds an oauth_token.
inline std::optional<StoredToken> read_editor_token(const std::string& path, std::string_view host) {
    const auto o = detail::read_json_object(path);
    if (!o || host.empty()) return std::nullopt;
    for (const auto& entry : *o) {
        const std::string_view key(entry.key().data(), entry.key().size());
        if (key.substr(0, host.size()) != host || !entry.value().is_object()) continue;
        const auto& fields = entry.value().get_object();
        StoredToken t{detail::string_field(fields, "oauth_token"), detail::string_field(fields, "user"),
                      std::string(host), path};
        if (!t.oauth_token.empty()) return t;
    }
    return std::nullopt;
}

// The token a Copilot call uses when the host resolved no key: llmhost's own login ›
// apps.json › hosts.json.
inline std::optional<StoredToken> find_stored_token(const EnvLookup& env, std::string_view host) {
    if (const std::string own = llmhost_token_path(env); !own.empty())
        if (auto t = read_llmhost_token(own, host)) return t;
    for (const auto& path : editor_token_paths(env))
        if (auto t = read_editor_token(path, host)) return t;
    return std::nullopt;
}

} // namespace llmhost::copilot_credentials
