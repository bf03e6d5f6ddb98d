#include "bedrock_errors.hpp"

#include <llmhost/support/error_text.hpp>
#include <llmhost/support/json_read.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

namespace llmhost::bedrock {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// "ValidationException:http://..." / "ns#ValidationException" -> "ValidationException".
std::string_view bare_type(std::string_view type) {
    if (const size_t colon = type.find(':'); colon != std::string_view::npos) type = type.substr(0, colon);
    if (const size_t hash = type.rfind('#'); hash != std::string_view::npos) type = type.substr(hash + 1);
    while (!type.empty() && std::isspace(static_cast<unsigned char>(type.back())))
        type.remove_suffix(1);
    return type;
}

// [U] wording: "Input is too long for requested model.", Claude's "prompt is too long: ...".
bool says_context_too_long(std::string_view message) {
    for (std::string_view phrase : {"too long", "context window", "context length", "maximum context"})
        if (error_text::contains_icase(message, phrase)) return true;
    return false;
}

} // namespace

llmh_error_class bedrock_error_type_class(std::string_view type, std::string_view message) {
    std::string t = lower(bare_type(type));
    if (t.ends_with("exception")) t.resize(t.size() - 9); // the stream spells "throttlingException"
    if (t == "validation") return says_context_too_long(message) ? LLMH_ERR_CONTEXT_LENGTH : LLMH_ERR_BAD_REQUEST;
    if (t == "accessdenied") return LLMH_ERR_PERMISSION;
    if (t == "unrecognizedclient" || t == "invalidsignature" || t == "expiredtoken" || t == "incompletesignature" ||
        t == "missingauthenticationtoken" || t == "invalidclienttokenid" || t == "signaturedoesnotmatch")
        return LLMH_ERR_AUTHENTICATION;
    if (t == "resourcenotfound") return LLMH_ERR_NOT_FOUND;
    if (t == "modeltimeout") return LLMH_ERR_TIMEOUT;
    if (t == "throttling") return LLMH_ERR_RATE_LIMITED;
    if (t == "servicequotaexceeded") return LLMH_ERR_QUOTA_EXHAUSTED;
    // Retryable, but a model still loading is not the caller's rate limit.
    if (t == "modelnotready" || t == "serviceunavailable") return LLMH_ERR_OVERLOADED;
    if (t == "internalserver" || t == "modelerror" || t == "modelstreamerror") return LLMH_ERR_SERVER;
    return LLMH_OK;
}

std::string bedrock_error_message(std::string_view body) {
    using namespace json_read;
    if (auto json = parse(body); json && json->is_object()) {
        const auto& o = json->get_object();
        for (std::string_view key : {"message", "Message", "errorMessage"})
            if (const auto m = string_member(o, key); !m.empty()) {
                std::string text(m);
                // modelStreamErrorException carries the model's own words too.
                if (const auto original = string_member(o, "originalMessage"); !original.empty())
                    text += " (model: " + std::string(original) + ")";
                return text;
            }
    }
    const std::string excerpt = error_text::body_excerpt(body);
    return excerpt.empty() ? "no error message" : excerpt;
}

Error bedrock_http_error(std::string_view provider_id, const HttpResponseHead& head, std::string_view body,
                         int64_t now_unix_ms) {
    std::string type(bare_type(head.header("x-amzn-ErrorType")));
    if (type.empty())
        if (auto json = json_read::parse(body); json && json->is_object())
            type = bare_type(json_read::string_member(json->get_object(), "__type"));
    const std::string message = bedrock_error_message(body);
    llmh_error_class cls = bedrock_error_type_class(type, message);
    if (cls == LLMH_OK) cls = classify_http_status(head.status);
    if (cls == LLMH_OK) cls = LLMH_ERR_MALFORMED_RESPONSE; // a 1xx/3xx where a result was expected
    if (cls == LLMH_ERR_BAD_REQUEST && says_context_too_long(message)) cls = LLMH_ERR_CONTEXT_LENGTH;
    return Error(cls,
                 std::string(provider_id) + ": " + (type.empty() ? "" : type + ": ") + message + " (HTTP " +
                     std::to_string(head.status) + ")",
                 head.status, parse_retry_after_ms(head.headers, now_unix_ms));
}

Error bedrock_stream_error(std::string_view provider_id, std::string_view type, std::string_view message) {
    llmh_error_class cls = bedrock_error_type_class(type, message);
    if (cls == LLMH_OK) cls = LLMH_ERR_SERVER; // a failure the service reported, of a kind not known here
    return Error(cls, std::string(provider_id) + ": " + std::string(type.empty() ? "stream error" : type) + ": " +
                          std::string(message.empty() ? "no error message" : message));
}

} // namespace llmhost::bedrock
