#include "core/transport/proxy.hpp"

#include "core/transport/base64.hpp"


#include <cstdlib>
#include <stdexcept>

namespace llmhost::transport {
namespace {

// The first of the variables that is set and non-empty (lower-case first, as curl does).
std::string first_env(const char* lower_name, const char* upper_name) {
    for (const char* name : {lower_name, upper_name})
        if (const char* v = std::getenv(name); v && *v) return v;
    return {};
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

bool iequal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        auto l = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (l(a[i]) != l(b[i])) return false;
    }
    return true;
}

// One NO_PROXY entry split into host pattern and optional port (0 = any).
struct NoProxyEntry {
    std::string_view host;
    uint16_t port = 0;
};

NoProxyEntry split_entry(std::string_view entry) {
    NoProxyEntry out{entry, 0};
    std::string_view port;
    if (entry.starts_with('[')) { // [IPv6] or [IPv6]:port
        const auto close = entry.find(']');
        if (close == std::string_view::npos) return out;
        out.host = entry.substr(1, close - 1);
        if (entry.substr(close + 1).starts_with(':')) port = entry.substr(close + 2);
    } else if (const auto colon = entry.find(':');
               colon != std::string_view::npos && entry.find(':', colon + 1) == std::string_view::npos) {
        out.host = entry.substr(0, colon); // a single colon: name:port (several: bare IPv6)
        port = entry.substr(colon + 1);
    }
    if (!port.empty()) {
        const long value = std::strtol(std::string(port).c_str(), nullptr, 10);
        out.port = value > 0 && value <= 65535 ? static_cast<uint16_t>(value) : 0;
    }
    return out;
}

bool looks_like_ip(std::string_view host) {
    return host.find(':') != std::string_view::npos || host.find_first_not_of("0123456789.") == std::string_view::npos;
}

} // namespace

ProxySettings ProxySettings::from_environment() {
    ProxySettings s;
    s.http_proxy = first_env("http_proxy", "HTTP_PROXY");
    s.https_proxy = first_env("https_proxy", "HTTPS_PROXY");
    s.no_proxy = first_env("no_proxy", "NO_PROXY");
    return s;
}

std::string ProxyServer::host_port() const {
    const bool ipv6 = host.find(':') != std::string::npos;
    return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

bool no_proxy_matches(std::string_view no_proxy, std::string_view host, uint16_t port) {
    while (!no_proxy.empty()) {
        const auto comma = no_proxy.find(',');
        const std::string_view entry = trim(no_proxy.substr(0, comma));
        no_proxy = comma == std::string_view::npos ? std::string_view() : no_proxy.substr(comma + 1);
        if (entry.empty()) continue;
        if (entry == "*") return true;

        auto [pattern, entry_port] = split_entry(entry);
        if (entry_port != 0 && entry_port != port) continue;
        if (pattern.starts_with("*.")) pattern.remove_prefix(1);
        const bool leading_dot = pattern.starts_with('.');
        if (leading_dot) pattern.remove_prefix(1);
        if (pattern.empty()) continue;
        if (iequal(host, pattern)) return true;
        if (looks_like_ip(host)) continue; // addresses match literally, never as a suffix
        if (host.size() > pattern.size() && host[host.size() - pattern.size() - 1] == '.' &&
            iequal(host.substr(host.size() - pattern.size()), pattern))
            return true;
    }
    return false;
}

ProxyServer parse_proxy_url(std::string_view proxy_url) {
    std::string text(trim(proxy_url));
    if (text.find("://") == std::string::npos) text = "http://" + text;
    if (!text.starts_with("http://") && !text.starts_with("HTTP://"))
        throw std::invalid_argument("unsupported proxy URL scheme (only http:// proxies are supported)");
    const Url url = parse_url(text);
    ProxyServer proxy;
    proxy.host = url.host;
    proxy.port = url.port_given ? url.port : 1080;
    if (!url.userinfo.empty()) proxy.authorization = "Basic " + base64_encode(percent_decode(url.userinfo));
    return proxy;
}

std::optional<ProxyServer> select_proxy(const ProxySettings& settings, const Url& target) {
    const std::string& proxy_url = target.is_https() ? settings.https_proxy : settings.http_proxy;
    if (trim(proxy_url).empty()) return std::nullopt;
    if (no_proxy_matches(settings.no_proxy, target.host, target.port)) return std::nullopt;
    return parse_proxy_url(proxy_url);
}

} // namespace llmhost::transport
