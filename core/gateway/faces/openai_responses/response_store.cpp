#include "core/gateway/faces/openai_responses/response_store.hpp"

namespace llmhost::gateway::responses_face {

void ResponseStore::put(std::string id, StoredResponse response, Clock::time_point now) {
    if (max_entries_ == 0) return;
    std::lock_guard lock(mutex_);
    expire(now);
    if (auto it = by_id_.find(id); it != by_id_.end()) drop(it->second);
    while (entries_.size() >= max_entries_)
        drop(entries_.begin());
    entries_.push_back({std::move(id), now, std::make_shared<const StoredResponse>(std::move(response))});
    by_id_.emplace(entries_.back().id, std::prev(entries_.end()));
    for (const auto& item : entries_.back().response->output) {
        items_.erase(item.id); // the key is a view of the item's own id
        items_.emplace(item.id, &item);
    }
}

std::shared_ptr<const StoredResponse> ResponseStore::find(std::string_view id, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    expire(now);
    const auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : it->second->response;
}

std::optional<OutputItem> ResponseStore::find_item(std::string_view item_id, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    expire(now);
    const auto it = items_.find(item_id);
    if (it == items_.end()) return std::nullopt;
    return *it->second;
}

size_t ResponseStore::size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

void ResponseStore::expire(Clock::time_point now) {
    while (!entries_.empty() && now - entries_.front().stored_at >= ttl_)
        drop(entries_.begin());
}

void ResponseStore::drop(std::list<Entry>::iterator entry) {
    for (const auto& item : entry->response->output)
        if (const auto it = items_.find(item.id); it != items_.end() && it->second == &item) items_.erase(it);
    by_id_.erase(entry->id);
    entries_.erase(entry);
}

} // namespace llmhost::gateway::responses_face
