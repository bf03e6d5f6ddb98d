// A failure as the gateway reports it to a client: an HTTP status and a kind that each face
// renders in its own error shape. Every exception a request can raise maps to one.
#pragma once

#include <llmhost/provider_abi.h>

#include <cstdint>
#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>

namespace llmhost::gateway {

enum class ErrorKind {
    invalid_request,    // 400
    context_length,     // 400
    authentication,     // 401
    permission,         // 403
    not_found,          // 404: a model or object
    no_such_endpoint,   // 404: a path no face serves
    method_not_allowed, // 405
    request_too_large,  // 413
    rate_limited,       // 429
    quota_exhausted,    // 429
    internal,           // 500
    upstream,           // 502
    unavailable,        // 503 (shutting down)
    timeout,            // 504
    client_closed,      // 499: nobody is left to read it; only logged
};

int http_status(ErrorKind kind);

struct GatewayError {
    ErrorKind kind = ErrorKind::internal;
    std::string message;
    std::string param;           // the offending request field, when known
    std::string error_class;     // error_class_name() of the cause, for metrics ("" when none)
    int64_t retry_after_ms = -1; // 429: when to come back
    int status() const { return http_status(kind); }
};

// Thrown by request parsing and by the gateway's own checks.
class GatewayException : public std::runtime_error {
  public:
    explicit GatewayException(GatewayError error) : std::runtime_error(error.message), error_(std::move(error)) {}
    const GatewayError& error() const { return error_; }

  private:
    GatewayError error_;
};

[[noreturn]] inline void throw_invalid(std::string message, std::string param = {}) {
    throw GatewayException(
        GatewayError{ErrorKind::invalid_request, std::move(message), std::move(param), "bad_request"});
}

// The kind a plugin's error class means to a client.
ErrorKind kind_for_class(int32_t error_class);

// Any exception a request raised (llmhost::Error, selection, credential, config and plugin
// load errors, GatewayException, anything else) as a GatewayError.
GatewayError describe_exception(const std::exception_ptr& failure);

} // namespace llmhost::gateway
