// Copilot tokens of one provider instance, kept in memory and reused until fewer than five
// minutes remain before they expire (as zed does, docs/protocols/copilot.md). Keyed by the GitHub
// token they were exchanged for, so a call carrying another key gets its own token; the key
// itself is not kept, only its hash.
#pragma once

#include "copilot_token_exchange.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string_view>

namespace llmhost::copilot_plugin {

class CopilotTokenCache {
  public:
    static constexpr int64_t refresh_margin_ms = 5 * 60 * 1000;

    // The cached token for `oauth_token` while it is fresh at `now_ms`, else the result of
    // `exchange()` (cached). Calls for the same instance are serialised here so that
    // concurrent chats share one exchange instead of racing to make several.
    template <class Exchange> CopilotToken get(std::string_view oauth_token, int64_t now_ms, Exchange&& exchange) {
        const size_t key = std::hash<std::string_view>{}(oauth_token);
        std::lock_guard lock(mutex_);
        if (auto it = tokens_.find(key); it != tokens_.end() && it->second.expires_at_ms - now_ms > refresh_margin_ms)
            return it->second;
        CopilotToken fresh = exchange();
        tokens_.insert_or_assign(key, fresh);
        return fresh;
    }

    // Drops the token for `oauth_token` (the chat API rejected it).
    void forget(std::string_view oauth_token);

  private:
    std::mutex mutex_;
    std::map<size_t, CopilotToken> tokens_;
};

} // namespace llmhost::copilot_plugin
