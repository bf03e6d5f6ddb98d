#include "core/reliability/session_affinity.hpp"

namespace llmhost::reliability {

std::string SessionAffinity::key_of(std::string_view session, std::string_view model) {
    std::string key = std::to_string(session.size()); // the length keeps the pair unambiguous
    key += ':';
    key += session;
    key += model;
    return key;
}

std::optional<PlanPosition> SessionAffinity::find(std::string_view session, std::string_view model) {
    const std::string key = key_of(session, model);
    std::lock_guard lock(mutex_);
    const auto it = by_key_.find(key);
    if (it == by_key_.end()) return std::nullopt;
    entries_.splice(entries_.begin(), entries_, it->second);
    return it->second->position;
}

void SessionAffinity::remember(std::string_view session, std::string_view model, PlanPosition position) {
    if (max_sessions_ == 0) return;
    std::string key = key_of(session, model);
    std::lock_guard lock(mutex_);
    if (const auto it = by_key_.find(key); it != by_key_.end()) {
        it->second->position = position;
        entries_.splice(entries_.begin(), entries_, it->second);
        return;
    }
    if (entries_.size() >= max_sessions_) {
        by_key_.erase(entries_.back().key);
        entries_.pop_back();
    }
    entries_.push_front({std::move(key), position});
    by_key_.emplace(entries_.front().key, entries_.begin());
}

size_t SessionAffinity::size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

} // namespace llmhost::reliability
