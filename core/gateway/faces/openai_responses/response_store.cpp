#include "core/gateway/faces/openai_responses/response_store.hpp"

namespace llmhost::gateway::responses_face {

void ResponseStore::put(std::string id, StoredResponse response, Clock::time_point now) {
    if (max_entries_ == 0) return;
    std::lock_guard lock(mutex_);
    expire(now);
    if (auto it = by_id_.find(id); it != by_id_.end()) {
        by_id_.erase(it->first);
        entries_.erase(it->second);
    }
    while (entries_.size() >= max_entries_) {
        by_id_.erase(entries_.front().id);
        entries_.pop_front();
    }
    entries_.push_back({std::move(id), now, std::make_shared<const StoredResponse>(std::move(response))});
    by_id_.emplace(entries_.back().id, std::prev(entries_.end()));
}

std::shared_ptr<const StoredResponse> ResponseStore::find(std::string_view id, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    expire(now);
    const auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : it->second->response;
}

size_t ResponseStore::size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

void ResponseStore::expire(Clock::time_point now) {
    while (!entries_.empty() && now - entries_.front().stored_at >= ttl_) {
        by_id_.erase(entries_.front().id);
        entries_.pop_front();
    }
}

} // namespace llmhost::gateway::responses_face
