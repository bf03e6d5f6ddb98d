// The SPEC's exit codes, and which error class ends in which.
#pragma once

#include <llmhost/provider_abi.h>

namespace llmhost::cli {

enum ExitCode : int {
    exit_ok = 0,
    exit_failure = 1,
    exit_usage = 2,       // usage or configuration error
    exit_credentials = 3, // missing or rejected credentials
    exit_rate_limited = 4,
    exit_upstream = 5, // upstream or provider error, including malformed responses
    exit_plugin = 6,   // plugin could not be loaded
    exit_interrupted = 130,
};

inline int exit_code_for(int32_t error_class) {
    switch (error_class) {
    case LLMH_OK: return exit_ok;
    case LLMH_ERR_AUTHENTICATION:
    case LLMH_ERR_PERMISSION:
    case LLMH_ERR_MISSING_CREDENTIALS: return exit_credentials;
    case LLMH_ERR_RATE_LIMITED:
    case LLMH_ERR_QUOTA_EXHAUSTED: return exit_rate_limited;
    case LLMH_ERR_INVALID_CONFIG:
    case LLMH_ERR_UNSUPPORTED: return exit_usage;
    case LLMH_ERR_CANCELLED: return exit_interrupted;
    default: return exit_upstream;
    }
}

} // namespace llmhost::cli
