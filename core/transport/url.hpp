// Splits the absolute http(s) URLs the transport is given into what a connection needs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace llmhost::transport {

struct Url {
    std::string scheme;   // "http" or "https", lower-case
    std::string userinfo; // "user:password" as written (percent-encoded); "" when absent
    std::string host;     // lower-case; an IPv6 literal without its brackets
    uint16_t port = 0;    // explicit, or the scheme's default
    bool port_given = false;
    std::string target; // path and query ("/" when the URL has no path); no fragment

    bool is_https() const { return scheme == "https"; }
    bool host_is_ipv6() const { return host.find(':') != std::string::npos; }
    bool host_is_ip_literal() const;
    std::string bracketed_host() const; // host, in brackets when IPv6
    std::string authority() const;      // for the Host header: the port only when not the default
    std::string host_port() const;      // always with the port: CONNECT, messages, pool keys
};

// Parses an absolute http:// or https:// URL. Throws std::invalid_argument naming the problem
// (the message quotes the URL without its userinfo, which may hold a password).
Url parse_url(std::string_view text);

// Decodes %XX escapes (proxy credentials, request targets); malformed escapes are kept as
// written. In a query string '+' is a space (`plus_is_space`).
std::string percent_decode(std::string_view text, bool plus_is_space = false);

} // namespace llmhost::transport
