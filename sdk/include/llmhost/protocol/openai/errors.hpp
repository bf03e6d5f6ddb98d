// Upstream failures of OpenAI-compatible servers -> typed llmhost::Error (docs/protocols/
// openai-chat.md "Errors", azure.md, openai-compatible.md). Accepts every error body shape the clones use:
//   {"error":{"message","type","code","param"}}      OpenAI, Azure, Groq, llama.cpp, newer vLLM
//   {"object":"error","message","type","code"}       older vLLM
//   {"error":"text"}                                  Ollama and others
//   {"detail":"text"} / {"message":"text"}            FastAPI-style servers
#pragma once

#include <llmhost/error.hpp>
#include <llmhost/http.hpp>
#include <llmhost/protocol/openai/json.hpp> // included here before json_read.hpp existed; kept for callers
#include <llmhost/support/error_envelope.hpp>
#include <llmhost/support/error_text.hpp> // redact_secret, which OpenAI-compatible plugins take from here
#include <llmhost/support/json_read.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>

namespace llmhost {

struct OpenAIErrorDetail {
    std::string message;
    std::string type;
    std::string code; // "context_length_exceeded", or "400" where servers send numbers
    std::string param;
};

// The error fields of an upstream body, whatever its shape ({} when none are recognisable).
inline OpenAIErrorDetail openai_error_detail(const boost::json::value& body) {
    using namespace json_read;
    OpenAIErrorDetail d;
    if (!body.is_object()) return d;
    const auto [fields, text] = error_envelope(body.get_object());
    if (!fields) {
        d.message = text;
        return d;
    }
    // Usually a string; Mistral's validation errors put an object there.
    for (std::string_view key : {"message", "detail"}) {
        if (const auto* m = member(*fields, key))
            d.message = m->is_string() ? std::string(m->get_string()) : boost::json::serialize(*m);
        if (!d.message.empty()) break;
    }
    d.type = string_member(*fields, "type");
    d.code = scalar_text(member(*fields, "code"));
    d.param = scalar_text(member(*fields, "param"));
    return d;
}

namespace openai_error_signals {

// Their first home; they serve every wire format (error_text.hpp).
using error_text::contains_icase;
using error_text::trimmed;

inline bool signals_context_length(const OpenAIErrorDetail& d) {
    if (d.code == "context_length_exceeded" || d.type == "exceed_context_size_error") return true;
    for (std::string_view phrase : {"maximum context length", "context length", "context_length",
                                    "exceeds the available context size", "too long"})
        if (contains_icase(d.message, phrase)) return true;
    return false;
}

inline bool signals_quota(const OpenAIErrorDetail& d) {
    return d.code == "insufficient_quota" || d.type == "insufficient_quota";
}

inline bool signals_overload(const OpenAIErrorDetail& d) {
    return contains_icase(d.type, "overloaded") || contains_icase(d.code, "overloaded") ||
           contains_icase(d.message, "overloaded");
}

inline bool signals_rate_limit(const OpenAIErrorDetail& d) {
    return contains_icase(d.type, "rate_limit") || contains_icase(d.code, "rate_limit");
}

inline bool signals_authentication(const OpenAIErrorDetail& d) {
    return d.code == "invalid_api_key" || contains_icase(d.type, "authentication");
}

// Azure and some clones only say "Please retry after N seconds" in the text.
inline int64_t retry_after_from_message(std::string_view message) {
    static constexpr std::string_view marker = "retry after ";
    auto it = std::search(message.begin(), message.end(), marker.begin(), marker.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    });
    if (it == message.end()) return -1;
    size_t pos = static_cast<size_t>(it - message.begin()) + marker.size();
    int64_t seconds = 0;
    bool any = false;
    for (; pos < message.size() && std::isdigit(static_cast<unsigned char>(message[pos])); ++pos, any = true)
        seconds = seconds * 10 + (message[pos] - '0');
    if (!any || message.substr(pos).rfind(" second", 0) != 0) return -1;
    return seconds * 1000;
}

} // namespace openai_error_signals

// The class an HTTP error status means once the body has been read.
inline llmh_error_class openai_error_class(int status, const OpenAIErrorDetail& d) {
    using namespace openai_error_signals;
    const llmh_error_class by_status = classify_http_status(status);
    // A redirect or other non-2xx status below 400 where a result was expected.
    if (by_status == LLMH_OK) return LLMH_ERR_MALFORMED_RESPONSE;
    if (signals_quota(d) && status >= 400 && status < 500) return LLMH_ERR_QUOTA_EXHAUSTED;
    if (by_status == LLMH_ERR_BAD_REQUEST && signals_context_length(d)) return LLMH_ERR_CONTEXT_LENGTH;
    if (by_status == LLMH_ERR_SERVER && signals_overload(d)) return LLMH_ERR_OVERLOADED;
    return by_status;
}

// A failed HTTP exchange (status >= 400) as a typed error. The message is
// "<provider id>: <upstream message> (HTTP <status>)".
inline Error openai_http_error(std::string_view provider_id, int status, const Headers& headers, std::string_view body,
                               int64_t now_unix_ms) {
    using namespace openai_error_signals;
    OpenAIErrorDetail d;
    if (auto json = json_read::parse(body)) d = openai_error_detail(*json);
    if (d.message.empty()) d.message = error_text::body_excerpt(body);
    if (d.message.empty()) d.message = "no error message";
    int64_t retry_after_ms = parse_retry_after_ms(headers, now_unix_ms);
    if (retry_after_ms < 0 && status == 429) retry_after_ms = retry_after_from_message(d.message);
    return Error(openai_error_class(status, d),
                 std::string(provider_id) + ": " + d.message + " (HTTP " + std::to_string(status) + ")", status,
                 retry_after_ms);
}

// An error reported inside a successful response: a `data: {"error":...}` stream event or a
// 200 body holding "error". Numeric codes (vLLM, llama.cpp) are taken as the HTTP status.
inline Error openai_embedded_error(std::string_view provider_id, const boost::json::value& body) {
    using namespace openai_error_signals;
    const OpenAIErrorDetail d = openai_error_detail(body);
    const std::string message = d.message.empty() ? "no error message" : d.message;
    int status = 0;
    // Only a three-digit code is an HTTP status (Mistral, for one, sends codes like "1000").
    if (d.code.size() == 3 &&
        std::all_of(d.code.begin(), d.code.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
        status = std::stoi(d.code);
    if (status >= 400 && status < 600)
        return Error(openai_error_class(status, d),
                     std::string(provider_id) + ": " + message + " (HTTP " + std::to_string(status) + ")", status);
    llmh_error_class cls = LLMH_ERR_SERVER;
    if (signals_quota(d))
        cls = LLMH_ERR_QUOTA_EXHAUSTED;
    else if (signals_rate_limit(d))
        cls = LLMH_ERR_RATE_LIMITED;
    else if (signals_context_length(d))
        cls = LLMH_ERR_CONTEXT_LENGTH;
    else if (signals_authentication(d))
        cls = LLMH_ERR_AUTHENTICATION;
    else if (signals_overload(d))
        cls = LLMH_ERR_OVERLOADED;
    return Error(cls, std::string(provider_id) + ": " + message + " (reported in the response)");
}

} // namespace llmhost
