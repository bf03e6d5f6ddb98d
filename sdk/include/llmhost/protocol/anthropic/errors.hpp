// Anthropic Messages failures -> typed llmhost::Error (docs/protocols/anthropic.md "Errors").
//
// The body is {"type":"error","error":{"type","message"},"request_id"}, both as an HTTP error
// response and as a mid-stream `event: error`. The error type decides the class where it is
// known; otherwise the HTTP status does (413 from Cloudflare, proxies' HTML pages and other
// bodies that are not this JSON keep their status class).
#pragma once

#include <llmhost/error.hpp>
#include <llmhost/http.hpp>
#include <llmhost/support/error_envelope.hpp>
#include <llmhost/support/error_text.hpp>
#include <llmhost/support/json_read.hpp>

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace llmhost {

struct AnthropicErrorDetail {
    std::string type;    // "overloaded_error", ... ("" when the body is not the Anthropic shape)
    std::string message; // "" when none
};

// The error fields of a body: {"type":"error","error":{...}}, or a bare {"type","message"}.
inline AnthropicErrorDetail anthropic_error_detail(const boost::json::value& body) {
    using namespace json_read;
    AnthropicErrorDetail d;
    if (!body.is_object()) return d;
    const auto [fields, text] = error_envelope(body.get_object());
    if (!fields) {
        d.message = text;
        return d;
    }
    d.type = string_member(*fields, "type");
    if (d.type == "error") d.type.clear(); // the envelope's own type, not a cause
    d.message = string_member(*fields, "message");
    return d;
}

namespace anthropic_error_signals {

inline bool signals_context_length(std::string_view message) {
    using error_text::contains_icase;
    for (std::string_view phrase : {"prompt is too long", "exceed context limit", "context window", "context length"})
        if (contains_icase(message, phrase)) return true;
    return false;
}

// Anthropic answers an empty prepaid balance with a 400 invalid_request_error.
inline bool signals_billing(std::string_view message) { return error_text::contains_icase(message, "credit balance"); }

} // namespace anthropic_error_signals

// The class of an error type; nullopt for a type this sheet does not know.
inline std::optional<llmh_error_class> anthropic_error_type_class(std::string_view type) {
    if (type == "invalid_request_error" || type == "request_too_large") return LLMH_ERR_BAD_REQUEST;
    if (type == "authentication_error") return LLMH_ERR_AUTHENTICATION;
    if (type == "permission_error") return LLMH_ERR_PERMISSION;
    if (type == "not_found_error") return LLMH_ERR_NOT_FOUND;
    if (type == "billing_error") return LLMH_ERR_QUOTA_EXHAUSTED;
    if (type == "rate_limit_error") return LLMH_ERR_RATE_LIMITED;
    if (type == "api_error") return LLMH_ERR_SERVER;
    if (type == "overloaded_error") return LLMH_ERR_OVERLOADED;
    if (type == "timeout_error") return LLMH_ERR_TIMEOUT;
    return std::nullopt;
}

// The class of a failure: its error type when known, else the HTTP status (0 in a stream,
// where an unknown type counts as a server error); a bad request is refined by its message.
inline llmh_error_class anthropic_error_class(int status, const AnthropicErrorDetail& d) {
    using namespace anthropic_error_signals;
    llmh_error_class cls = LLMH_ERR_SERVER;
    if (const auto by_type = anthropic_error_type_class(d.type))
        cls = *by_type;
    else if (status != 0)
        cls = classify_http_status(status);
    // A redirect or other non-2xx status below 400 where a result was expected.
    if (cls == LLMH_OK) return LLMH_ERR_MALFORMED_RESPONSE;
    if (cls == LLMH_ERR_BAD_REQUEST) {
        if (signals_billing(d.message)) return LLMH_ERR_QUOTA_EXHAUSTED;
        if (signals_context_length(d.message)) return LLMH_ERR_CONTEXT_LENGTH;
    }
    return cls;
}

namespace anthropic_error_text {

inline std::string describe(std::string_view provider_id, const AnthropicErrorDetail& d, std::string_view where) {
    std::string text = std::string(provider_id) + ": " + (d.message.empty() ? "no error message" : d.message) + " (";
    if (!d.type.empty()) text += d.type + ", ";
    return text + std::string(where) + ")";
}

} // namespace anthropic_error_text

// A failed HTTP exchange (status >= 400, or an unexpected non-2xx) as a typed error, with the
// upstream's retry hint. The message is "<provider id>: <message> (<type>, HTTP <status>)".
inline Error anthropic_http_error(std::string_view provider_id, int status, const Headers& headers,
                                  std::string_view body, int64_t now_unix_ms) {
    AnthropicErrorDetail d;
    if (auto json = json_read::parse(body)) d = anthropic_error_detail(*json);
    if (d.message.empty()) d.message = error_text::body_excerpt(body);
    return Error(anthropic_error_class(status, d),
                 anthropic_error_text::describe(provider_id, d, "HTTP " + std::to_string(status)), status,
                 parse_retry_after_ms(headers, now_unix_ms));
}

// An error reported inside a successful response: a mid-stream `event: error`, or a 200 body
// of type "error".
inline Error anthropic_embedded_error(std::string_view provider_id, const boost::json::value& body) {
    const AnthropicErrorDetail d = anthropic_error_detail(body);
    return Error(anthropic_error_class(0, d),
                 anthropic_error_text::describe(provider_id, d, "reported in the response"));
}

} // namespace llmhost
