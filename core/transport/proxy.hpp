// Proxy selection: which proxy (if any) a target URL goes through, per ProxySettings and the
// NO_PROXY conventions curl established.
#pragma once

#include "core/transport/http_client.hpp"
#include "core/transport/url.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace llmhost::transport {

struct ProxyServer {
    std::string host; // as in Url::host
    uint16_t port = 0;
    std::string authorization; // "Basic ..." from the proxy URL's userinfo, or ""; never print it
    std::string host_port() const;
};

// True when `host` (lower-case, IPv6 without brackets) at `port` is excluded from proxying by
// a NO_PROXY list: "*", exact names, domain suffixes with or without a leading dot (or "*."),
// optional ":port", IP addresses compared literally.
bool no_proxy_matches(std::string_view no_proxy, std::string_view host, uint16_t port);

// Parses a proxy URL ("http://user:pw@host:port"; the scheme defaults to http, the port to
// 1080 as in curl). Throws std::invalid_argument for anything else (https:// proxies too).
ProxyServer parse_proxy_url(std::string_view proxy_url);

// The proxy for `target`, or nullopt for a direct connection.
std::optional<ProxyServer> select_proxy(const ProxySettings& settings, const Url& target);

} // namespace llmhost::transport
