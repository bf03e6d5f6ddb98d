// Failures in Anthropic's shape: {"type":"error","error":{"type","message"}}, as a response
// body or, once a stream has started, as an `event: error`.
#include "core/gateway/faces/anthropic/anthropic_face.hpp"

#include <boost/json.hpp>

namespace llmhost::gateway::anthropic_face {
namespace {

// The error types the Messages API itself uses (docs/protocols/anthropic.md "Errors").
const char* type_for(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::invalid_request:
    case ErrorKind::context_length:
    case ErrorKind::method_not_allowed: return "invalid_request_error";
    case ErrorKind::authentication: return "authentication_error";
    case ErrorKind::permission: return "permission_error";
    case ErrorKind::not_found:
    case ErrorKind::no_such_endpoint: return "not_found_error";
    case ErrorKind::request_too_large: return "request_too_large";
    case ErrorKind::rate_limited: return "rate_limit_error";
    case ErrorKind::quota_exhausted: return "billing_error";
    case ErrorKind::timeout: return "timeout_error";
    case ErrorKind::unavailable: return "overloaded_error";
    case ErrorKind::upstream:
    case ErrorKind::internal:
    case ErrorKind::client_closed: break;
    }
    return "api_error";
}

} // namespace

std::string render_error(const GatewayError& error) {
    return boost::json::serialize(boost::json::object{
        {"type", "error"}, {"error", {{"type", type_for(error.kind)}, {"message", error.message}}}});
}

std::string render_stream_error(const GatewayError& error) {
    return "event: error\ndata: " + render_error(error) + "\n\n";
}

} // namespace llmhost::gateway::anthropic_face
