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

namespace llmhost {

// Logs, once per request, how much of `r`'s reasoning state `readable` refuses, and from
// which origins. `provider` names the reader in the line.
inline void log_foreign_state(const Host& host, std::string_view provider, const ChatRequest& r,
                              const std::function<bool(std::string_view origin)>& readable) {
    size_t left_out = 0;
    std::string origins;
    const auto check = [&](const ReasoningState& s) {
        if (s.empty() || readable(s.origin)) return;
        ++left_out;
        const std::string origin = s.origin.empty() ? std::string("(no origin)") : s.origin;
        if (("," + origins + ",").find("," + origin + ",") == std::string::npos)
            origins += (origins.empty() ? "" : ",") + origin;
    };
    for (const auto& m : r.messages) {
        for (const auto& block : m.reasoning)
            check(block.state);
        for (const auto& call : m.tool_calls)
            check(call.state);
    }
    if (left_out == 0) return;
    host.log(LLMH_LOG_DEBUG, std::string(provider) + ": left out " + std::to_string(left_out) +
                                 " reasoning state block(s) it cannot read (from " + origins + ")");
}

} // namespace llmhost
