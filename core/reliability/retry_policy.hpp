// What to do after a failed attempt, decided from the typed error class alone.
#pragma once

#include <llmhost/provider_abi.h>

#include <cstdint>
#include <string_view>

namespace llmhost::reliability {

enum class Verdict {
    retry,       // transient: try the same provider again after a delay
    rotate_key,  // this key is the problem (rate limit, quota, rejected): another key may work
    next_option, // this provider/model cannot serve the request: move to the next fallback
    stop,        // nothing else can help (cancelled, bad local configuration)
};

struct ErrorTraits {
    Verdict verdict;
    bool key_specific; // a different key could succeed (rotate before giving up on the provider)
};

ErrorTraits classify(int32_t error_class);

// Backoff before retry number `retry` (0-based): base * 2^retry, times a jitter factor in
// [0.75, 1.0), capped at `cap_ms`.
int64_t backoff_ms(int64_t base_ms, int retry, double random_unit, int64_t cap_ms);

constexpr int64_t max_wait_ms = 10'000; // longer waits are not slept: the provider is skipped

} // namespace llmhost::reliability
