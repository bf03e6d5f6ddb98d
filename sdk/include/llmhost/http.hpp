// HTTP vocabulary for plugins: requests, response heads, status classification and
// Retry-After parsing. The exchange itself is performed by the host (see provider.hpp).
#pragma once

#include <llmhost/error.hpp>

#include <cctype>
#include <charconv>
#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llmhost {

using Headers = std::vector<std::pair<std::string, std::string>>;

inline bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

// Value of the first header named `name` (case-insensitive), or "" when absent.
inline std::string_view find_header(const Headers& headers, std::string_view name) noexcept {
    for (const auto& [k, v] : headers)
        if (iequals(k, name)) return v;
    return {};
}

// Adds or replaces a header (case-insensitive name match).
inline void set_header(Headers& headers, std::string_view name, std::string_view value) {
    for (auto& [k, v] : headers)
        if (iequals(k, name)) {
            v.assign(value);
            return;
        }
    headers.emplace_back(std::string(name), std::string(value));
}

struct HttpRequest {
    std::string method = "POST";
    std::string url;
    Headers headers;
    std::string body;
    int64_t total_timeout_ms = 0; // 0: the provider's configured default
    int64_t idle_timeout_ms = 0;  // 0: the provider's configured default
};

struct HttpResponseHead {
    int status = 0;
    Headers headers;
    std::string_view header(std::string_view name) const noexcept { return find_header(headers, name); }
};

struct HttpResponse {
    HttpResponseHead head;
    std::string body;
};

// The error class an HTTP status means by itself (bodies may refine it: quota, context).
inline llmh_error_class classify_http_status(int status) noexcept {
    switch (status) {
    case 400:
    case 413:
    case 415:
    case 422: return LLMH_ERR_BAD_REQUEST;
    case 401: return LLMH_ERR_AUTHENTICATION;
    case 402: return LLMH_ERR_QUOTA_EXHAUSTED;
    case 403: return LLMH_ERR_PERMISSION;
    case 404: return LLMH_ERR_NOT_FOUND;
    case 408:
    case 504: return LLMH_ERR_TIMEOUT;
    case 409: return LLMH_ERR_SERVER; // conflict: retryable per the official SDKs
    case 429: return LLMH_ERR_RATE_LIMITED;
    case 503:
    case 529: return LLMH_ERR_OVERLOADED;
    default: break;
    }
    if (status >= 500) return LLMH_ERR_SERVER;
    if (status >= 400) return LLMH_ERR_BAD_REQUEST;
    return LLMH_OK;
}

namespace http_detail {

inline bool parse_non_negative_double(std::string_view s, double& out) {
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
        s.remove_suffix(1);
    if (s.empty()) return false;
    double whole = 0, frac = 0, scale = 1;
    size_t i = 0;
    bool any = false;
    for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i, any = true)
        whole = whole * 10 + (s[i] - '0');
    if (i < s.size() && s[i] == '.')
        for (++i; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i, any = true) {
            scale /= 10;
            frac += (s[i] - '0') * scale;
        }
    if (!any || i != s.size()) return false;
    out = whole + frac;
    return true;
}

// IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT"; returns Unix ms or -1.
inline int64_t parse_http_date_ms(std::string_view s) {
    static constexpr std::string_view months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    auto comma = s.find(", ");
    if (comma == std::string_view::npos) return -1;
    s.remove_prefix(comma + 2);
    if (s.size() < 24) return -1;
    auto num = [](std::string_view t, int& v) {
        auto r = std::from_chars(t.data(), t.data() + t.size(), v);
        return r.ec == std::errc() && r.ptr == t.data() + t.size();
    };
    std::tm tm{};
    int day, year, h, m, sec;
    if (!num(s.substr(0, 2), day) || !num(s.substr(7, 4), year) || !num(s.substr(12, 2), h) ||
        !num(s.substr(15, 2), m) || !num(s.substr(18, 2), sec) || s.substr(21, 3) != "GMT")
        return -1;
    int mon = -1;
    for (int i = 0; i < 12; ++i)
        if (s.substr(3, 3) == months[i]) mon = i;
    if (mon < 0) return -1;
    tm.tm_mday = day;
    tm.tm_mon = mon;
    tm.tm_year = year - 1900;
    tm.tm_hour = h;
    tm.tm_min = m;
    tm.tm_sec = sec;
    return static_cast<int64_t>(timegm(&tm)) * 1000;
}

} // namespace http_detail

// The delay the upstream asked for, in ms: `retry-after-ms`, then `retry-after` as seconds
// (fractions allowed), then `retry-after` as an HTTP date relative to `now_unix_ms`.
// Returns -1 when there is no usable hint.
inline int64_t parse_retry_after_ms(const Headers& headers, int64_t now_unix_ms) {
    double v = 0;
    if (http_detail::parse_non_negative_double(find_header(headers, "retry-after-ms"), v))
        return static_cast<int64_t>(v);
    const auto ra = find_header(headers, "retry-after");
    if (ra.empty()) return -1;
    if (http_detail::parse_non_negative_double(ra, v)) return static_cast<int64_t>(v * 1000.0);
    const int64_t at = http_detail::parse_http_date_ms(ra);
    if (at < 0) return -1;
    return at > now_unix_ms ? at - now_unix_ms : 0;
}

// Percent-encodes a URL path segment or query value (RFC 3986 unreserved kept).
inline std::string url_encode(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
            out.push_back(static_cast<char>(c));
        else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    return out;
}

} // namespace llmhost
