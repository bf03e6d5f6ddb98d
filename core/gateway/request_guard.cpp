#include "core/gateway/request_guard.hpp"

#include <llmhost/http.hpp>

#include <boost/asio/ip/address.hpp>

#include <algorithm>

namespace llmhost::gateway {
namespace {

// The host part of a Host header value: "[::1]:8080" -> "::1", "example.com:80" -> "example.com".
std::string_view host_part(std::string_view value) {
    if (!value.empty() && value.front() == '[') {
        const size_t close = value.find(']');
        return close == std::string_view::npos ? value : value.substr(1, close - 1);
    }
    const size_t colon = value.find(':');
    if (colon != std::string_view::npos && value.find(':', colon + 1) == std::string_view::npos)
        return value.substr(0, colon);
    return value;
}

bool is_ip_address(std::string_view host) {
    boost::system::error_code ec;
    boost::asio::ip::make_address(std::string(host), ec);
    return !ec;
}

bool ends_with_ci(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && iequals(text.substr(text.size() - suffix.size()), suffix);
}

bool contains_ci(const std::vector<std::string>& list, std::string_view item) {
    return std::any_of(list.begin(), list.end(), [&](const std::string& entry) { return iequals(entry, item); });
}

bool unspecified_address(const std::string& host) {
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(host, ec);
    return !ec && address.is_unspecified();
}

// The response headers a client may read from a cross-origin response besides the basic ones.
constexpr std::string_view exposed_headers = "Retry-After, X-Llmhost-Tools-Left-Out";

} // namespace

BrowserGuard::BrowserGuard(const GatewaySettings& settings)
    : any_host_(contains_ci(settings.allowed_hosts, "*") ||
                (unspecified_address(settings.listen.host) && !settings.api_keys.empty())),
      allowed_hosts_(settings.allowed_hosts), any_origin_(contains_ci(settings.cors_origins, "*")),
      cors_origins_(settings.cors_origins) {}

bool BrowserGuard::is_preflight(const HttpExchange& head) {
    return head.method() == "OPTIONS" && !head.header("access-control-request-method").empty();
}

bool BrowserGuard::host_allowed(std::string_view value) const {
    if (any_host_ || value.empty()) return true; // no Host: not a browser (HTTP/1.0)
    const std::string_view host = host_part(value);
    if (is_ip_address(host) || iequals(host, "localhost") || ends_with_ci(host, ".localhost")) return true;
    return contains_ci(allowed_hosts_, value) || contains_ci(allowed_hosts_, host);
}

bool BrowserGuard::origin_allowed(std::string_view origin, std::string_view host) const {
    if (any_origin_ || contains_ci(cors_origins_, origin)) return true;
    // The gateway's own origin: a page it served itself (or through a TLS-terminating proxy).
    for (const std::string_view scheme : {"http://", "https://"})
        if (!host.empty() && origin.size() == scheme.size() + host.size() &&
            iequals(origin.substr(0, scheme.size()), scheme) && iequals(origin.substr(scheme.size()), host))
            return true;
    return false;
}

Admission BrowserGuard::admit(const HttpExchange& head) const {
    Admission admission;
    const std::string_view host = head.header("host");
    if (!host_allowed(host)) {
        admission.refused_status = 403;
        admission.reason = "this server does not answer to the host name '" + std::string(host_part(host)) +
                           "' (a guard against DNS rebinding): use an IP address or localhost, or add the name to "
                           "[server] allowed_hosts";
        return admission;
    }
    const std::string_view origin = head.header("origin");
    if (origin.empty()) return admission; // not a browser, or a same-origin GET
    if (!origin_allowed(origin, host)) {
        admission.refused_status = 403;
        admission.reason = "cross-origin requests from '" + std::string(origin) +
                           "' are refused: a web page may call this server only when its origin is listed in "
                           "[server] cors_origins";
        return admission;
    }
    auto& h = admission.headers;
    h.emplace_back("Access-Control-Allow-Origin", std::string(origin));
    h.emplace_back("Vary", "Origin");
    if (is_preflight(head)) {
        h.emplace_back("Access-Control-Allow-Methods", "GET, HEAD, POST, DELETE, OPTIONS");
        if (const auto asked = head.header("access-control-request-headers"); !asked.empty())
            h.emplace_back("Access-Control-Allow-Headers", std::string(asked));
        h.emplace_back("Access-Control-Max-Age", "600");
    } else {
        h.emplace_back("Access-Control-Expose-Headers", std::string(exposed_headers));
    }
    return admission;
}

std::string cors_origin_problem(std::string_view origin) {
    if (origin == "*" || origin == "null") return {};
    const size_t scheme_end = origin.find("://");
    if (scheme_end == std::string_view::npos || scheme_end == 0)
        return "is not an origin (expected scheme://host[:port], e.g. https://app.example.com, or \"*\")";
    const std::string_view rest = origin.substr(scheme_end + 3);
    if (rest.empty() || rest.find('/') != std::string_view::npos)
        return "is not an origin: it must have a host and no path (no trailing '/'), e.g. https://app.example.com";
    return {};
}

} // namespace llmhost::gateway
