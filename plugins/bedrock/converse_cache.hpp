// Prompt-cache breakpoints (canonical CacheMark) as Converse cachePoint blocks: one right after
// the marked system block, content block, message (after its last block) or tool, with the
// mark's ttl when it is one Converse takes ("5m", "1h"; AWS CachePointBlock reference).
//
// Only models that cache take cachePoint blocks; any other answers a ValidationException, which
// would fail the whole request for a hint. Claude caches system, messages and tools; Nova
// system and messages (AWS prompt-caching guide).
#pragma once

#include "converse_models.hpp"

#include <llmhost/chat.hpp>

#include <boost/json.hpp>

#include <optional>
#include <string_view>

namespace llmhost::bedrock {

struct CachePlacement {
    bool prompt = false; // system and messages
    bool tools = false;
};

inline CachePlacement cache_placement(std::string_view model) {
    if (is_anthropic_model(model)) return {true, true};
    if (is_nova_model(model)) return {true, false};
    return {};
}

inline boost::json::object cache_point(const CacheMark& mark) {
    boost::json::object point{{"type", "default"}};
    if (mark.ttl == "5m" || mark.ttl == "1h") point["ttl"] = mark.ttl; // any other: Bedrock's default
    return {{"cachePoint", std::move(point)}};
}

// A cachePoint after the last of `blocks` for `mark`: nothing when unmarked, when no block
// precedes it, or when one already ends the list (a part and its message marked alike).
inline void append_cache_point(boost::json::array& blocks, const std::optional<CacheMark>& mark) {
    if (!mark || blocks.empty()) return;
    const auto* last = blocks.back().if_object();
    if (last && last->contains("cachePoint")) return;
    blocks.push_back(cache_point(*mark));
}

} // namespace llmhost::bedrock
