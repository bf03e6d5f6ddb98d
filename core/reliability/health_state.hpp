// What a long-lived process remembers between requests: keys that were rate limited (skipped
// until their Retry-After passes) and providers in cooldown. Thread-safe. Keys are kept only
// in memory and never printed.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace llmhost::reliability {

class HealthState {
  public:
    // 0 when usable now, else the monotonic ms until which it is blocked.
    int64_t key_blocked_until(const std::string& key, int64_t now_ms) const;
    void block_key(const std::string& key, int64_t until_ms);

    int64_t provider_cooling_until(const std::string& provider_id, int64_t now_ms) const;
    void cool_provider(const std::string& provider_id, int64_t until_ms);

  private:
    mutable std::mutex mutex_;
    std::map<std::string, int64_t> keys_;
    std::map<std::string, int64_t> providers_;
};

} // namespace llmhost::reliability
