#include "copilot_token_cache.hpp"

namespace llmhost::copilot_plugin {

void CopilotTokenCache::forget(std::string_view oauth_token) {
    std::lock_guard lock(mutex_);
    tokens_.erase(std::hash<std::string_view>{}(oauth_token));
}

} // namespace llmhost::copilot_plugin
