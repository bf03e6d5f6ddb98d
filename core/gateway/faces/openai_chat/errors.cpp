// Failures in OpenAI's shape: {"error":{"message","type","param","code"}}, as a response body
// or, once a stream has started, as its last data event before [DONE].
#include "core/gateway/faces/openai_chat/openai_chat_face.hpp"

#include <boost/json.hpp>

namespace llmhost::gateway::openai_face {
namespace {

struct Names {
    const char* type;
    const char* code; // nullptr: null
};

// The type and code OpenAI's own API uses for the same situation, where it has one.
Names names_for(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::invalid_request: return {"invalid_request_error", nullptr};
    case ErrorKind::context_length: return {"invalid_request_error", "context_length_exceeded"};
    case ErrorKind::authentication: return {"authentication_error", "invalid_api_key"};
    case ErrorKind::permission: return {"permission_error", nullptr};
    case ErrorKind::not_found: return {"invalid_request_error", "model_not_found"};
    case ErrorKind::no_such_endpoint: return {"invalid_request_error", "no_such_endpoint"};
    case ErrorKind::method_not_allowed: return {"invalid_request_error", "method_not_allowed"};
    case ErrorKind::request_too_large: return {"invalid_request_error", "request_too_large"};
    case ErrorKind::rate_limited: return {"rate_limit_error", "rate_limit_exceeded"};
    case ErrorKind::quota_exhausted: return {"insufficient_quota", "insufficient_quota"};
    case ErrorKind::upstream: return {"server_error", "upstream_error"};
    case ErrorKind::timeout: return {"timeout_error", "timeout"};
    case ErrorKind::unavailable: return {"server_error", "unavailable"};
    case ErrorKind::client_closed: return {"server_error", "cancelled"};
    case ErrorKind::internal: break;
    }
    return {"server_error", nullptr};
}

boost::json::object error_object(const GatewayError& error) {
    const Names names = names_for(error.kind);
    boost::json::object e{{"message", error.message}, {"type", names.type}};
    e["param"] = error.param.empty() ? boost::json::value(nullptr) : boost::json::value(error.param);
    e["code"] = names.code ? boost::json::value(names.code) : boost::json::value(nullptr);
    return e;
}

} // namespace

std::string render_error(const GatewayError& error) {
    return boost::json::serialize(boost::json::object{{"error", error_object(error)}});
}

std::string render_stream_error(const GatewayError& error) {
    return "data: " + render_error(error) + "\n\ndata: [DONE]\n\n";
}

} // namespace llmhost::gateway::openai_face
