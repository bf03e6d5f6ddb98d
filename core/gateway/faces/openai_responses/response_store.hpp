// Responses kept for `previous_response_id` and GET /v1/responses/{id}: the response object
// as sent, and the conversation that led to it; and their output items for `item_reference`.
// Bounded in count and age ([server] responses_store_entries, responses_store_ttl_ms); the
// oldest go first. Thread-safe.
#pragma once

#include "core/gateway/faces/openai_responses/output.hpp"

#include <llmhost/chat.hpp>

#include <chrono>
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace llmhost::gateway::responses_face {

struct StoredResponse {
    std::string json;                                    // the response object
    std::shared_ptr<const std::vector<Message>> history; // input and output, as the next turn's context
    std::vector<OutputItem> output = {};                 // the items, which later input may refer to by id
};

class ResponseStore {
  public:
    using Clock = std::chrono::steady_clock;

    ResponseStore(size_t max_entries, std::chrono::milliseconds ttl) : max_entries_(max_entries), ttl_(ttl) {}

    void put(std::string id, StoredResponse response, Clock::time_point now = Clock::now());
    std::shared_ptr<const StoredResponse> find(std::string_view id, Clock::time_point now = Clock::now());
    // An output item of a stored response, by the item's id.
    std::optional<OutputItem> find_item(std::string_view item_id, Clock::time_point now = Clock::now());
    size_t size() const;

  private:
    struct Entry {
        std::string id;
        Clock::time_point stored_at;
        std::shared_ptr<const StoredResponse> response;
    };
    void expire(Clock::time_point now);          // lock held
    void drop(std::list<Entry>::iterator entry); // lock held

    const size_t max_entries_;
    const std::chrono::milliseconds ttl_;
    mutable std::mutex mutex_;
    std::list<Entry> entries_; // oldest first
    std::unordered_map<std::string_view, std::list<Entry>::iterator> by_id_;
    std::unordered_map<std::string_view, const OutputItem*> items_; // into the stored responses' output
};

} // namespace llmhost::gateway::responses_face
