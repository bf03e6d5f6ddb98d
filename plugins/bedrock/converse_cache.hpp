// Prompt-cache breakpoints (canonical CacheMark) as Converse cachePoint blocks: one right after
// the marked system block, content block, message (after its last block) or tool, with the
// mark's ttl when it is one Converse takes ("5m", "1h"; AWS CachePointBlock reference).
//
// Only models that cache take cachePoint blocks; any other answers a ValidationException, which
// would fail the whole request for a hint. Claude caches system, messages and tools; Nova
// system and messages (AWS prompt-caching guide).
#pragma once

#include <llmhost/chat.hpp>

#include <boost/json.hpp>

#include <optional>
#include <string_view>

namespace llmhost::bedrock {

struct CachePlacement {
    bool prompt = false; // system and messages
    bool tools = false;
};

CachePlacement cache_placement(std::string_view model);

boost::json::object cache_point(const CacheMark& mark);

// A cachePoint after the last of `blocks` for `mark`: nothing when unmarked, when no block
// precedes it, or when one already ends the list (a part and its message marked alike).
void append_cache_point(boost::json::array& blocks, const std::optional<CacheMark>& mark);

} // namespace llmhost::bedrock
