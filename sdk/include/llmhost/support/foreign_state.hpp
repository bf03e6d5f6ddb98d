// Reasoning state a plugin leaves out because another provider family produced it. Each
// plugin's wire writer already skips such state (sending it would get the whole request
// refused); this says so in the host's log at debug level (`llmhost -v`), so a conversation
// that moved between providers does not lose its state unnoticed.
#pragma once

#include <llmhost/chat.hpp>
#include <llmhost/provider.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>

namespace llmhost {

// Logs, once per request, how much of `r`'s reasoning state `readable` refuses, and from
// which origins. `provider` names the reader in the line. Origins are client text (a face
// hands back what a client sent): at most a few are named, shortened and without control
// characters, and each distinct one is looked at once, whatever the request holds.
inline void log_foreign_state(const Host& host, std::string_view provider, const ChatRequest& r,
                              const std::function<bool(std::string_view origin)>& readable) {
    constexpr size_t named_at_most = 8, origin_chars = 64;
    size_t left_out = 0;
    std::unordered_set<std::string_view> seen;
    std::string origins;
    const auto check = [&](const ReasoningState& s) {
        if (s.empty() || readable(s.origin)) return;
        ++left_out;
        if (!seen.insert(s.origin).second || seen.size() > named_at_most) return;
        if (!origins.empty()) origins += ',';
        if (s.origin.empty()) origins += "(no origin)";
        for (const char c : std::string_view(s.origin).substr(0, origin_chars))
            origins += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
    };
    for (const auto& m : r.messages) {
        for (const auto& block : m.reasoning)
            check(block.state);
        for (const auto& call : m.tool_calls)
            check(call.state);
    }
    if (left_out == 0) return;
    if (seen.size() > named_at_most) origins += ",...";
    host.log(LLMH_LOG_DEBUG, std::string(provider) + ": left out " + std::to_string(left_out) +
                                 " reasoning state block(s) it cannot read (from " + origins + ")");
}

} // namespace llmhost
