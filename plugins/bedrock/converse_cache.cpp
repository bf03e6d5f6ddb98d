#include "converse_cache.hpp"

#include "converse_models.hpp"

namespace llmhost::bedrock {

CachePlacement cache_placement(std::string_view model) {
    if (is_anthropic_model(model)) return {true, true};
    if (is_nova_model(model)) return {true, false};
    return {};
}

boost::json::object cache_point(const CacheMark& mark) {
    boost::json::object point{{"type", "default"}};
    if (mark.ttl == "5m" || mark.ttl == "1h") point["ttl"] = mark.ttl; // any other: Bedrock's default
    return {{"cachePoint", std::move(point)}};
}

void append_cache_point(boost::json::array& blocks, const std::optional<CacheMark>& mark) {
    if (!mark || blocks.empty()) return;
    const auto* last = blocks.back().if_object();
    if (last && last->contains("cachePoint")) return;
    blocks.push_back(cache_point(*mark));
}

} // namespace llmhost::bedrock
