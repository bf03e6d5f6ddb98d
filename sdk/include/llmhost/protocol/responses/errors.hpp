// Errors a Responses API stream reports inside a 200 answer (`response.failed`, `error`) as
// the ABI's classes. HTTP statuses go through openai_http_error like any OpenAI error.
#pragma once

#include <llmhost/error.hpp>
#include <llmhost/protocol/openai/errors.hpp>
#include <llmhost/support/json_read.hpp>

#include <boost/json.hpp>
#include <string>
#include <string_view>

namespace llmhost {

// The class of a Responses error code (response.error.code or an `error` event's code).
inline llmh_error_class responses_error_class(std::string_view code, std::string_view message) {
    if (code == "rate_limit_exceeded") return LLMH_ERR_RATE_LIMITED;
    if (code == "insufficient_quota") return LLMH_ERR_QUOTA_EXHAUSTED;
    if (code == "context_length_exceeded") return LLMH_ERR_CONTEXT_LENGTH;
    if (code == "server_is_overloaded" || code == "slow_down") return LLMH_ERR_OVERLOADED;
    if (code == "server_error" || code == "vector_store_timeout") return LLMH_ERR_SERVER;
    if (code.rfind("invalid_", 0) == 0 || code == "empty_image_file" || code == "image_too_large" ||
        code == "unsupported_image_media_type")
        return LLMH_ERR_BAD_REQUEST;
    OpenAIErrorDetail d{std::string(message), {}, std::string(code), {}};
    if (openai_error_signals::signals_context_length(d)) return LLMH_ERR_CONTEXT_LENGTH;
    return LLMH_ERR_SERVER; // a failure the server reported mid-answer, cause unknown
}

// `error` is {"code","message"} as in response.failed's response.error or an `error` event.
inline Error responses_error(std::string_view provider_id, const boost::json::object& error) {
    const std::string_view code = json_read::string_member(error, "code");
    std::string_view message = json_read::string_member(error, "message");
    if (message.empty()) message = "the response failed";
    std::string text = std::string(provider_id) + ": " + std::string(message);
    if (!code.empty()) text += " (" + std::string(code) + ")";
    return Error(responses_error_class(code, message), text);
}

} // namespace llmhost
