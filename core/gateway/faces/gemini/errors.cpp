// Failures in Google's shape: {"error":{"code","message","status","details"}}, with the
// google.rpc status names its APIs use, a BadRequest naming the offending field of a 400,
// and a RetryInfo on 429s (Gemini CLI waits as long as it says).
#include "core/gateway/faces/gemini/gemini_face.hpp"

#include <llmhost/support/json_write.hpp>

namespace llmhost::gateway::gemini_face {
namespace {

std::string_view status_for(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::invalid_request:
    case ErrorKind::context_length:
    case ErrorKind::method_not_allowed:
    case ErrorKind::request_too_large: return "INVALID_ARGUMENT";
    case ErrorKind::authentication: return "UNAUTHENTICATED";
    case ErrorKind::permission: return "PERMISSION_DENIED";
    case ErrorKind::not_found:
    case ErrorKind::no_such_endpoint: return "NOT_FOUND";
    case ErrorKind::rate_limited:
    case ErrorKind::quota_exhausted: return "RESOURCE_EXHAUSTED";
    case ErrorKind::upstream:
    case ErrorKind::unavailable: return "UNAVAILABLE";
    case ErrorKind::timeout: return "DEADLINE_EXCEEDED";
    case ErrorKind::client_closed: return "CANCELLED";
    case ErrorKind::internal: break;
    }
    return "INTERNAL";
}

// A protobuf Duration as JSON spells it: "30s", "1.5s".
void append_duration(std::string& out, int64_t ms) {
    append_json_int(out, ms / 1000);
    if (ms % 1000) {
        const std::string millis = std::to_string(1000 + ms % 1000); // "1500" -> ".500"
        out += '.';
        out.append(millis, 1, std::string::npos);
    }
    out += 's';
}

void append_details(std::string& out, const GatewayError& error) {
    if (!error.param.empty() && error.status() == 400) {
        out += R"(,"details":[{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":)";
        append_json_string(out, error.param);
        out += ",\"description\":";
        append_json_string(out, error.message);
        out += "}]}]";
    } else if (error.status() == 429 && error.retry_after_ms >= 0) {
        out += R"(,"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":")";
        append_duration(out, error.retry_after_ms);
        out += "\"}]";
    }
}

} // namespace

std::string render_error(const GatewayError& error) {
    std::string out = "{\"error\":{\"code\":";
    append_json_int(out, error.status());
    out += ",\"message\":";
    append_json_string(out, error.message);
    out += ",\"status\":\"";
    out += status_for(error.kind);
    out += '"';
    append_details(out, error);
    out += "}}";
    return out;
}

} // namespace llmhost::gateway::gemini_face
