#include "core/reliability/retry_policy.hpp"

#include <algorithm>

namespace llmhost::reliability {

ErrorTraits classify(int32_t error_class) {
    switch (error_class) {
    case LLMH_ERR_NETWORK:
    case LLMH_ERR_TIMEOUT:
    case LLMH_ERR_SERVER:
    case LLMH_ERR_OVERLOADED:
    case LLMH_ERR_MALFORMED_RESPONSE:
    // A plugin's bug or a crash of its process: the process is restarted, and a fallback
    // provider does not share the bug.
    case LLMH_ERR_PLUGIN_INTERNAL: return {Verdict::retry, false};
    case LLMH_ERR_RATE_LIMITED: return {Verdict::retry, true};
    case LLMH_ERR_QUOTA_EXHAUSTED: // waiting does not refill a quota
    case LLMH_ERR_AUTHENTICATION:
    case LLMH_ERR_PERMISSION: return {Verdict::rotate_key, true};
    case LLMH_ERR_BAD_REQUEST:
    case LLMH_ERR_NOT_FOUND:
    case LLMH_ERR_CONTEXT_LENGTH:
    case LLMH_ERR_UNSUPPORTED: return {Verdict::next_option, false};
    default: return {Verdict::stop, false}; // cancelled, invalid config, missing credentials
    }
}

int64_t backoff_ms(int64_t base_ms, int retry, double random_unit, int64_t cap_ms) {
    const int shift = std::min(retry, 20);
    const double raw = static_cast<double>(base_ms) * static_cast<double>(int64_t{1} << shift);
    const double jittered = raw * (0.75 + 0.25 * random_unit);
    return std::min<int64_t>(static_cast<int64_t>(jittered), cap_ms);
}

} // namespace llmhost::reliability
