#include "core/reliability/health_state.hpp"

namespace llmhost::reliability {
namespace {
int64_t until_in(const std::map<std::string, int64_t>& m, const std::string& k, int64_t now) {
    auto it = m.find(k);
    return it != m.end() && it->second > now ? it->second : 0;
}
} // namespace

int64_t HealthState::key_blocked_until(const std::string& key, int64_t now_ms) const {
    std::lock_guard lock(mutex_);
    return until_in(keys_, key, now_ms);
}

void HealthState::block_key(const std::string& key, int64_t until_ms) {
    std::lock_guard lock(mutex_);
    auto& v = keys_[key];
    v = std::max(v, until_ms);
}

int64_t HealthState::provider_cooling_until(const std::string& id, int64_t now_ms) const {
    std::lock_guard lock(mutex_);
    return until_in(providers_, id, now_ms);
}

void HealthState::cool_provider(const std::string& id, int64_t until_ms) {
    std::lock_guard lock(mutex_);
    auto& v = providers_[id];
    v = std::max(v, until_ms);
}

} // namespace llmhost::reliability
