// Reasoning state the mock hands out (a reply's "reasoning_state", origin "mock") and demands
// back, as Anthropic and Bedrock refuse a tool turn whose thinking lost its signature: once
// the mock answered a turn with state, a later request whose history holds that assistant
// turn — found by the tool call id the mock gave it, else by its text — must carry the same
// state (origin, signature, data) in its reasoning, or the call fails with a 400 like a real
// API's. Remembered for the provider's lifetime (the newest 10 000 turns), shared by its calls.
#pragma once

#include <llmhost/chat.hpp>

#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace llmhost::mock_plugin {

inline constexpr std::string_view mock_origin = "mock";

std::string call_turn_key(std::string_view call_id);
std::string text_turn_key(std::string_view text);

bool same_state(const ReasoningState& a, const ReasoningState& b);

class IssuedStates {
  public:
    // The assistant turn known by `key` went out with `state`.
    void issue(std::string key, ReasoningState state);

    // Throws Error(LLMH_ERR_BAD_REQUEST) naming the first assistant message of `r` that lost
    // the state it was issued with.
    void check(const ChatRequest& r, std::string_view provider_id) const;

  private:
    const ReasoningState* find(const Message& m) const;

    static constexpr size_t max_turns = 10000;
    mutable std::mutex mutex_;
    std::map<std::string, ReasoningState> by_turn_;
    std::deque<std::string> order_;
};

} // namespace llmhost::mock_plugin
