#include "core/transport/url.hpp"

#include <boost/asio/ip/address.hpp>

#include <charconv>
#include <stdexcept>

namespace llmhost::transport {
namespace {

uint16_t default_port(std::string_view scheme) { return scheme == "https" ? 443 : 80; }

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// What error messages may quote: the URL with any userinfo (credentials) removed.
std::string redacted(std::string_view text) {
    const auto scheme_end = text.find("://");
    if (scheme_end == std::string_view::npos) return std::string(text);
    const auto authority_start = scheme_end + 3;
    const auto authority_end = text.find_first_of("/?#", authority_start);
    const auto at = text.substr(0, authority_end).rfind('@');
    if (at == std::string_view::npos || at < authority_start) return std::string(text);
    return std::string(text.substr(0, authority_start)) + "***@" + std::string(text.substr(at + 1));
}

[[noreturn]] void fail(std::string_view text, std::string_view why) {
    throw std::invalid_argument("invalid URL '" + redacted(text) + "': " + std::string(why));
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

} // namespace

bool Url::host_is_ip_literal() const {
    boost::system::error_code ec;
    boost::asio::ip::make_address(host, ec);
    return !ec;
}

std::string Url::bracketed_host() const { return host_is_ipv6() ? "[" + host + "]" : host; }

std::string Url::authority() const {
    return port == default_port(scheme) ? bracketed_host() : bracketed_host() + ":" + std::to_string(port);
}

std::string Url::host_port() const { return bracketed_host() + ":" + std::to_string(port); }

Url parse_url(std::string_view text) {
    for (char c : text)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) fail(text, "contains a space or control character");

    Url url;
    const auto scheme_end = text.find("://");
    if (scheme_end == std::string_view::npos) fail(text, "expected http:// or https://");
    url.scheme = lower(text.substr(0, scheme_end));
    if (url.scheme != "http" && url.scheme != "https") fail(text, "the scheme must be http or https");

    std::string_view rest = text.substr(scheme_end + 3);
    const auto authority_end = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, authority_end);
    std::string_view after = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);

    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        url.userinfo = std::string(authority.substr(0, at));
        authority.remove_prefix(at + 1);
    }

    std::string_view host, port;
    if (authority.starts_with('[')) {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) fail(text, "unterminated [IPv6] host");
        host = authority.substr(1, close - 1);
        const auto tail = authority.substr(close + 1);
        if (!tail.empty() && !tail.starts_with(':')) fail(text, "unexpected characters after the [IPv6] host");
        if (!tail.empty()) port = tail.substr(1);
        boost::system::error_code ec;
        boost::asio::ip::make_address_v6(std::string(host), ec);
        if (ec) fail(text, "invalid IPv6 address");
    } else {
        const auto colon = authority.rfind(':');
        host = authority.substr(0, colon);
        if (colon != std::string_view::npos) port = authority.substr(colon + 1);
        if (host.find_first_of("[]:") != std::string_view::npos) fail(text, "invalid host");
    }
    if (host.empty()) fail(text, "missing host");
    url.host = lower(host);

    url.port = default_port(url.scheme);
    if (!port.empty()) {
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535)
            fail(text, "invalid port");
        url.port = static_cast<uint16_t>(value);
        url.port_given = true;
    }

    after = after.substr(0, after.find('#'));
    if (!after.starts_with('/')) url.target.push_back('/');
    url.target.append(after);
    return url;
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            const int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.push_back(plus_is_space && text[i] == '+' ? ' ' : text[i]);
    }
    return out;
}

} // namespace llmhost::transport
