#include "mock_state.hpp"

#include <llmhost/error.hpp>

#include <algorithm>
#include <utility>

namespace llmhost::mock_plugin {

std::string call_turn_key(std::string_view call_id) { return "call:" + std::string(call_id); }
std::string text_turn_key(std::string_view text) { return "text:" + std::string(text); }

bool same_state(const ReasoningState& a, const ReasoningState& b) {
    return a.origin == b.origin && a.signature == b.signature && a.data == b.data && a.id == b.id;
}

void IssuedStates::issue(std::string key, ReasoningState state) {
    std::lock_guard lock(mutex_);
    if (by_turn_.insert_or_assign(key, std::move(state)).second) order_.push_back(std::move(key));
    if (order_.size() > max_turns) {
        by_turn_.erase(order_.front());
        order_.pop_front();
    }
}

void IssuedStates::check(const ChatRequest& r, std::string_view provider_id) const {
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

const ReasoningState* IssuedStates::find(const Message& m) const {
    for (const auto& call : m.tool_calls)
        if (auto it = by_turn_.find(call_turn_key(call.id)); it != by_turn_.end()) return &it->second;
    if (auto it = by_turn_.find(text_turn_key(m.text())); it != by_turn_.end() && !m.text().empty()) return &it->second;
    return nullptr;
}

} // namespace llmhost::mock_plugin
