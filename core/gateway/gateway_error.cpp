#include "core/gateway/gateway_error.hpp"

#include "core/config/config.hpp"
#include "core/plugins/plugin_loader.hpp"
#include "core/registry/credentials.hpp"
#include "core/registry/provider_registry.hpp"

#include <llmhost/error.hpp>

namespace llmhost::gateway {

int http_status(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::invalid_request: return 400;
    case ErrorKind::context_length: return 400;
    case ErrorKind::authentication: return 401;
    case ErrorKind::permission: return 403;
    case ErrorKind::not_found:
    case ErrorKind::no_such_endpoint: return 404;
    case ErrorKind::method_not_allowed: return 405;
    case ErrorKind::request_too_large: return 413;
    case ErrorKind::rate_limited: return 429;
    case ErrorKind::quota_exhausted: return 429;
    case ErrorKind::internal: return 500;
    case ErrorKind::upstream: return 502;
    case ErrorKind::unavailable: return 503;
    case ErrorKind::timeout: return 504;
    case ErrorKind::client_closed: return 499;
    }
    return 500;
}

ErrorKind kind_for_class(int32_t error_class) {
    switch (error_class) {
    case LLMH_ERR_AUTHENTICATION:
    case LLMH_ERR_MISSING_CREDENTIALS: return ErrorKind::authentication;
    case LLMH_ERR_PERMISSION: return ErrorKind::permission;
    case LLMH_ERR_NOT_FOUND: return ErrorKind::not_found;
    case LLMH_ERR_BAD_REQUEST:
    case LLMH_ERR_UNSUPPORTED: return ErrorKind::invalid_request;
    case LLMH_ERR_CONTEXT_LENGTH: return ErrorKind::context_length;
    case LLMH_ERR_RATE_LIMITED: return ErrorKind::rate_limited;
    case LLMH_ERR_QUOTA_EXHAUSTED: return ErrorKind::quota_exhausted;
    case LLMH_ERR_TIMEOUT: return ErrorKind::timeout;
    case LLMH_ERR_CANCELLED: return ErrorKind::client_closed;
    case LLMH_ERR_INVALID_CONFIG: return ErrorKind::internal;
    default: return ErrorKind::upstream; // server, overloaded, network, malformed, plugin internal
    }
}

namespace {

// Selection failures are about the `model` the client sent: a name that selects nothing is
// "not found"; a request that selects no model at all is invalid.
ErrorKind kind_for_selection(std::string_view message) {
    if (message.starts_with("no provider selected") || message.starts_with("no model selected"))
        return ErrorKind::invalid_request;
    return ErrorKind::not_found;
}

} // namespace

GatewayError describe_exception(const std::exception_ptr& failure) {
    try {
        std::rethrow_exception(failure);
    } catch (const GatewayException& e) {
        return e.error();
    } catch (const Error& e) {
        return {kind_for_class(e.error_class()),
                e.what(),
                {},
                std::string(error_class_name(e.error_class())),
                e.retry_after_ms()};
    } catch (const registry::SelectionError& e) {
        const ErrorKind kind = kind_for_selection(e.what());
        return {kind, e.what(), "model", kind == ErrorKind::not_found ? "not_found" : "bad_request", -1};
    } catch (const registry::CredentialError& e) {
        return {ErrorKind::authentication, e.what(), {}, "missing_credentials", -1};
    } catch (const config::ConfigError& e) {
        return {ErrorKind::internal, e.what(), {}, "invalid_config", -1};
    } catch (const plugins::PluginLoadError& e) {
        return {ErrorKind::internal, e.what(), {}, "plugin_load", -1};
    } catch (const std::exception& e) {
        return {ErrorKind::internal, e.what(), {}, "internal", -1};
    } catch (...) {
        return {ErrorKind::internal, "unknown failure", {}, "internal", -1};
    }
}

} // namespace llmhost::gateway
