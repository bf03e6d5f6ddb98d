// The typed error every llmhost component throws and the ABI carries as llmh_error.
#pragma once

#include <llmhost/provider_abi.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

namespace llmhost {

class Error : public std::runtime_error {
  public:
    Error(llmh_error_class cls, const std::string& message, int http_status = 0, int64_t retry_after_ms = -1)
        : std::runtime_error(message), cls_(cls), http_status_(http_status), retry_after_ms_(retry_after_ms) {}

    llmh_error_class error_class() const noexcept { return cls_; }
    int http_status() const noexcept { return http_status_; }
    int64_t retry_after_ms() const noexcept { return retry_after_ms_; }

  private:
    llmh_error_class cls_;
    int http_status_;
    int64_t retry_after_ms_;
};

// Stable lower-case names, used in JSON output and logs.
inline std::string_view error_class_name(int32_t cls) {
    switch (cls) {
    case LLMH_OK: return "ok";
    case LLMH_ERR_AUTHENTICATION: return "authentication";
    case LLMH_ERR_PERMISSION: return "permission";
    case LLMH_ERR_NOT_FOUND: return "not_found";
    case LLMH_ERR_BAD_REQUEST: return "bad_request";
    case LLMH_ERR_CONTEXT_LENGTH: return "context_length_exceeded";
    case LLMH_ERR_RATE_LIMITED: return "rate_limited";
    case LLMH_ERR_QUOTA_EXHAUSTED: return "quota_exhausted";
    case LLMH_ERR_OVERLOADED: return "overloaded";
    case LLMH_ERR_SERVER: return "server_error";
    case LLMH_ERR_TIMEOUT: return "timeout";
    case LLMH_ERR_NETWORK: return "network";
    case LLMH_ERR_MALFORMED_RESPONSE: return "malformed_response";
    case LLMH_ERR_UNSUPPORTED: return "unsupported";
    case LLMH_ERR_CANCELLED: return "cancelled";
    case LLMH_ERR_PLUGIN_INTERNAL: return "plugin_internal";
    case LLMH_ERR_INVALID_CONFIG: return "invalid_config";
    case LLMH_ERR_MISSING_CREDENTIALS: return "missing_credentials";
    default: return "unknown";
    }
}

// Fills a caller-owned llmh_error, truncating the message to fit.
inline void fill_error(llmh_error* out, int32_t cls, std::string_view message, int http_status = 0,
                       int64_t retry_after_ms = -1) noexcept {
    if (!out) return;
    out->error_class = cls;
    out->http_status = http_status;
    out->retry_after_ms = retry_after_ms;
    const size_t n =
        message.size() < LLMH_ERROR_MESSAGE_CAPACITY - 1 ? message.size() : LLMH_ERROR_MESSAGE_CAPACITY - 1;
    std::memcpy(out->message, message.data(), n);
    out->message[n] = '\0';
}

inline void fill_error(llmh_error* out, const Error& e) noexcept {
    fill_error(out, e.error_class(), e.what(), e.http_status(), e.retry_after_ms());
}

inline llmh_error make_empty_error() noexcept {
    llmh_error e{};
    e.struct_size = sizeof(llmh_error);
    e.retry_after_ms = -1;
    return e;
}

inline Error to_exception(const llmh_error& e) {
    return Error(static_cast<llmh_error_class>(e.error_class), e.message, e.http_status, e.retry_after_ms);
}

inline std::string_view view(llmh_str s) noexcept {
    return s.size ? std::string_view(s.data, s.size) : std::string_view();
}
inline llmh_str to_str(std::string_view s) noexcept { return llmh_str{s.data(), s.size()}; }

} // namespace llmhost
