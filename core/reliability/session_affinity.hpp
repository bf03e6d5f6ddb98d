// Session affinity: which option and key last served a client's session, so that its next
// request starts there while they stay usable. Provider-side prompt caches are per provider
// and often per account (key); a session moved between them pays for its whole prompt again.
// Bounded: the least recently used sessions are forgotten first. Thread-safe.
#pragma once

#include "core/reliability/attempt_loop.hpp"

#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace llmhost::reliability {

class SessionAffinity {
  public:
    explicit SessionAffinity(size_t max_sessions = 10000) : max_sessions_(max_sessions) {}

    // Where `session` was last served for `model` (a session may use several models).
    std::optional<PlanPosition> find(std::string_view session, std::string_view model);
    void remember(std::string_view session, std::string_view model, PlanPosition position);
    size_t size() const;

  private:
    static std::string key_of(std::string_view session, std::string_view model);

    struct Entry {
        std::string key;
        PlanPosition position;
    };
    const size_t max_sessions_;
    mutable std::mutex mutex_;
    std::list<Entry> entries_; // most recently used first
    std::unordered_map<std::string_view, std::list<Entry>::iterator> by_key_;
};

} // namespace llmhost::reliability
