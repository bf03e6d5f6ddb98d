// Reasoning state the mock hands out (a reply's "reasoning_state", origin "mock") and demands
// back, as Anthropic and Bedrock refuse a tool turn whose thinking lost its signature: once
// the mock answered a turn with state, a later request whose history holds that assistant
// turn — found by the tool call id the mock gave it, else by its text — must carry the same
// state (origin, signature, data) in its reasoning, or the call fails with a 400 like a real
// API's. Remembered for the provider's lifetime (the newest 10 000 turns), shared by its calls.
#pragma once

#include <llmhost/chat.hpp>
#include <llmhost/error.hpp>

#include <algorithm>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace llmhost::mock_plugin {

inline constexpr std::string_view mock_origin = "mock";

inline std::string call_turn_key(std::string_view call_id) { return "call:" + std::string(call_id); }
inline std::string text_turn_key(std::string_view text) { return "text:" + std::string(text); }

inline bool same_state(const ReasoningState& a, const ReasoningState& b) {
    return a.origin == b.origin && a.signature == b.signature && a.data == b.data && a.id == b.id;
}

class IssuedStates {
  public:
    // The assistant turn known by `key` went out with `state`.
    void issue(std::string key, ReasoningState state) {
        std::lock_guard lock(mutex_);
        if (by_turn_.insert_or_assign(key, std::move(state)).second) order_.push_back(std::move(key));
        if (order_.size() > max_turns) {
            by_turn_.erase(order_.front());
            order_.pop_front();
        }
    }

    // Throws Error(LLMH_ERR_BAD_REQUEST) naming the first assistant message of `r` that lost
    // the state it was issued with.
    void check(const ChatRequest& r, std::string_view provider_id) const {
        std::lock_guard lock(mutex_);
        if (by_turn_.empty()) return;
        for (size_t i = 0; i < r.messages.size(); ++i) {
            const auto& m = r.messages[i];
            if (m.role != Role::assistant) continue;
            const ReasoningState* issued = find(m);
            if (!issued) continue;
            const bool kept = std::any_of(m.reasoning.begin(), m.reasoning.end(),
                                          [&](const Reasoning& b) { return same_state(b.state, *issued); });
            if (!kept)
                throw Error(LLMH_ERR_BAD_REQUEST,
                            std::string(provider_id) + ": messages[" + std::to_string(i) +
                                "]: the assistant turn does not carry back the reasoning state it was given "
                                "(origin \"mock\"; its signature and data must come back unchanged)",
                            400);
        }
    }

  private:
    const ReasoningState* find(const Message& m) const {
        for (const auto& call : m.tool_calls)
            if (auto it = by_turn_.find(call_turn_key(call.id)); it != by_turn_.end()) return &it->second;
        if (auto it = by_turn_.find(text_turn_key(m.text())); it != by_turn_.end() && !m.text().empty())
            return &it->second;
        return nullptr;
    }

    static constexpr size_t max_turns = 10000;
    mutable std::mutex mutex_;
    std::map<std::string, ReasoningState> by_turn_;
    std::deque<std::string> order_;
};

} // namespace llmhost::mock_plugin
