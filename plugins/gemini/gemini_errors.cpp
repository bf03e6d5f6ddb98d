#include "gemini_errors.hpp"

#include <llmhost/support/error_text.hpp>
#include <llmhost/support/json_read.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>

namespace llmhost::gemini_plugin {

namespace {

// A protobuf Duration in its JSON form ("30s", "1.5s"); also {"seconds","nanos"}. -1 if unusable.
int64_t duration_ms(const boost::json::value& v) {
    using namespace json_read;
    if (v.is_object()) {
        const auto seconds = integer_member(v.get_object(), "seconds");
        const auto nanos = integer_member(v.get_object(), "nanos");
        if ((!seconds && !nanos) || seconds.value_or(0) < 0 || seconds.value_or(0) > 1'000'000'000) return -1;
        return seconds.value_or(0) * 1000 + std::max<int64_t>(nanos.value_or(0), 0) / 1'000'000;
    }
    if (!v.is_string()) return -1;
    std::string_view text = v.get_string();
    if (!text.empty() && text.back() == 's') text.remove_suffix(1);
    double seconds = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec != std::errc() || end != text.data() + text.size() || seconds < 0 || seconds > 1e9) return -1;
    return static_cast<int64_t>(seconds * 1000.0);
}

bool type_is(const boost::json::object& detail, std::string_view rpc_type) {
    const std::string_view type = json_read::string_member(detail, "@type");
    return type.size() >= rpc_type.size() && type.substr(type.size() - rpc_type.size()) == rpc_type;
}

bool signals_invalid_key(const GeminiErrorDetail& d) {
    using error_text::contains_icase;
    for (const auto& reason : d.reasons)
        if (reason == "API_KEY_INVALID" || reason == "API_KEY_EXPIRED") return true;
    return contains_icase(d.message, "API key not valid") || contains_icase(d.message, "API key expired");
}

bool signals_context_length(const GeminiErrorDetail& d) {
    using error_text::contains_icase;
    for (std::string_view phrase : {"input token count", "exceeds the maximum number of tokens", "context window",
                                    "context length", "too many tokens"})
        if (contains_icase(d.message, phrase)) return true;
    return false;
}

llmh_error_class class_from_status_string(const GeminiErrorDetail& d) {
    const std::string_view s = d.status;
    if (s == "INVALID_ARGUMENT" || s == "OUT_OF_RANGE")
        return signals_context_length(d) ? LLMH_ERR_CONTEXT_LENGTH : LLMH_ERR_BAD_REQUEST;
    if (s == "FAILED_PRECONDITION" || s == "PERMISSION_DENIED") return LLMH_ERR_PERMISSION;
    if (s == "UNAUTHENTICATED") return LLMH_ERR_AUTHENTICATION;
    if (s == "NOT_FOUND") return LLMH_ERR_NOT_FOUND;
    if (s == "RESOURCE_EXHAUSTED") return LLMH_ERR_RATE_LIMITED;
    if (s == "UNAVAILABLE") return LLMH_ERR_OVERLOADED;
    if (s == "DEADLINE_EXCEEDED") return LLMH_ERR_TIMEOUT;
    if (s == "INTERNAL" || s == "UNKNOWN" || s == "ABORTED" || s == "DATA_LOSS") return LLMH_ERR_SERVER;
    return LLMH_OK; // absent or unknown: the HTTP status decides
}

std::string describe(std::string_view provider_id, const GeminiErrorDetail& d, int http_status,
                     std::string_view where) {
    std::string text = std::string(provider_id) + ": " + (d.message.empty() ? "no error message" : d.message);
    std::string tag;
    if (http_status > 0) tag = "HTTP " + std::to_string(http_status);
    if (!d.status.empty()) tag += (tag.empty() ? "" : " ") + d.status;
    if (!where.empty()) tag += (tag.empty() ? "" : ", ") + std::string(where);
    return tag.empty() ? text : text + " (" + tag + ")";
}

} // namespace

GeminiErrorDetail gemini_error_detail(const boost::json::value& body) {
    using namespace json_read;
    GeminiErrorDetail d;
    const boost::json::value* v = &body;
    if (v->is_array() && !v->get_array().empty()) v = &v->get_array().front();
    if (!v->is_object()) return d;
    const auto* error = object_member(v->get_object(), "error");
    if (!error) {
        d.message = string_member(v->get_object(), "error"); // a plain-text error
        return d;
    }
    d.code = integer_member(*error, "code").value_or(0);
    d.message = string_member(*error, "message");
    d.status = string_member(*error, "status");
    if (const auto* details = array_member(*error, "details"))
        for (const auto& item : *details) {
            if (!item.is_object()) continue;
            const auto& detail = item.get_object();
            if (type_is(detail, "google.rpc.ErrorInfo")) {
                if (auto reason = string_member(detail, "reason"); !reason.empty()) d.reasons.emplace_back(reason);
            } else if (type_is(detail, "google.rpc.RetryInfo")) {
                if (const auto* delay = member(detail, "retryDelay")) d.retry_delay_ms = duration_ms(*delay);
            }
        }
    return d;
}

llmh_error_class gemini_error_class(int http_status, const GeminiErrorDetail& d) {
    if (signals_invalid_key(d)) return LLMH_ERR_AUTHENTICATION;
    if (const auto by_name = class_from_status_string(d); by_name != LLMH_OK) return by_name;
    const llmh_error_class by_status = classify_http_status(http_status);
    if (by_status == LLMH_ERR_BAD_REQUEST && signals_context_length(d)) return LLMH_ERR_CONTEXT_LENGTH;
    return by_status;
}

Error gemini_http_error(std::string_view provider_id, int status, const Headers& headers, std::string_view body,
                        int64_t now_unix_ms) {
    GeminiErrorDetail d;
    if (auto json = json_read::parse(body)) d = gemini_error_detail(*json);
    if (d.message.empty()) d.message = error_text::body_excerpt(body);
    llmh_error_class cls = gemini_error_class(status, d);
    if (cls == LLMH_OK) cls = LLMH_ERR_MALFORMED_RESPONSE; // e.g. a redirect
    const int64_t retry_after_ms =
        d.retry_delay_ms >= 0 ? d.retry_delay_ms : parse_retry_after_ms(headers, now_unix_ms);
    return Error(cls, describe(provider_id, d, status, {}), status, retry_after_ms);
}

Error gemini_embedded_error(std::string_view provider_id, const boost::json::value& body) {
    const GeminiErrorDetail d = gemini_error_detail(body);
    const int status = d.code >= 400 && d.code < 600 ? static_cast<int>(d.code) : 0;
    llmh_error_class cls = gemini_error_class(status, d);
    if (cls == LLMH_OK) cls = LLMH_ERR_SERVER;
    return Error(cls, describe(provider_id, d, status, "reported in the response"), status, d.retry_delay_ms);
}

bool gemini_has_error(const boost::json::object& o) { return json_read::member(o, "error") != nullptr; }

} // namespace llmhost::gemini_plugin
