#include "core/transport/wire_request.hpp"

#include <llmhost/http.hpp>

#include <array>
#include <charconv>
#include <stdexcept>

namespace llmhost::transport {
namespace {

// RFC 9110 tchar, as a table: every header name of every request is checked.
constexpr std::array<bool, 256> token_chars = [] {
    std::array<bool, 256> table{};
    for (int c = '0'; c <= '9'; ++c)
        table[c] = true;
    for (int c = 'a'; c <= 'z'; ++c)
        table[c] = table[c - 'a' + 'A'] = true;
    for (char c : std::string_view("!#$%&'*+-.^_`|~"))
        table[static_cast<unsigned char>(c)] = true;
    return table;
}();

bool is_token(std::string_view s) {
    if (s.empty()) return false;
    for (unsigned char c : s)
        if (!token_chars[c]) return false;
    return true;
}

bool is_safe_value(std::string_view s) {
    return s.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

bool contains_token_close(std::string_view value) {
    for (size_t i = 0; i + 5 <= value.size(); ++i)
        if (iequals(value.substr(i, 5), "close")) return true;
    return false;
}

bool method_carries_body(std::string_view method) {
    return iequals(method, "POST") || iequals(method, "PUT") || iequals(method, "PATCH");
}

} // namespace

WireRequest make_wire_request(const Request& request, const Url& target, const ProxyServer* forward_proxy) {
    if (!is_token(request.method)) throw std::invalid_argument("invalid HTTP method");
    WireRequest wire;
    wire.body = request.body;
    wire.response_has_body = !iequals(request.method, "HEAD");

    bool has_host = false;
    for (const auto& [name, value] : request.headers) {
        if (!is_token(name)) throw std::invalid_argument("invalid HTTP header name");
        if (!is_safe_value(value))
            throw std::invalid_argument("the value of header '" + std::string(name) + "' contains CR, LF or NUL");
        has_host = has_host || iequals(name, "host");
    }

    std::string& head = wire.head;
    head.reserve(256 + request.url.size() + request.headers.size() * 64);
    head.append(request.method).append(" ");
    if (forward_proxy) head.append(target.scheme).append("://").append(target.authority());
    head.append(target.target).append(" HTTP/1.1\r\n");
    if (!has_host) head.append("Host: ").append(target.authority()).append("\r\n");
    for (const auto& [name, value] : request.headers) {
        if (iequals(name, "content-length") || iequals(name, "transfer-encoding")) continue; // ours below
        if (iequals(name, "connection") && contains_token_close(value)) wire.asks_to_close = true;
        head.append(name).append(": ").append(value).append("\r\n");
    }
    if (!request.body.empty() || method_carries_body(request.method)) {
        char digits[24];
        head.append("Content-Length: ")
            .append(digits, std::to_chars(digits, digits + sizeof digits, request.body.size()).ptr)
            .append("\r\n");
    }
    if (forward_proxy && !forward_proxy->authorization.empty())
        head.append("Proxy-Authorization: ").append(forward_proxy->authorization).append("\r\n");
    head.append("\r\n");
    return wire;
}

} // namespace llmhost::transport
