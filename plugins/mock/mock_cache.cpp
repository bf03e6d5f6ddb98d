#include "mock_cache.hpp"

#include "mock_text.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

namespace llmhost::mock_plugin {

std::vector<MarkedPrefix> marked_prefixes(const ChatRequest& r) {
    std::vector<MarkedPrefix> out;
    uint64_t h = stable_hash_seed;
    int64_t words = 0;
    const auto feed = [&](std::string_view field) { h = stable_hash(std::string(field) + '\x1f', h); };
    const auto mark = [&](const std::optional<CacheMark>& m) {
        if (m) out.push_back({h, words});
    };
    for (const auto& t : r.tools) {
        feed(t.name);
        feed(t.description);
        feed(boost::json::serialize(t.parameters));
        mark(t.cache);
    }
    for (const auto& m : r.messages) {
        feed(to_string(m.role));
        for (const auto& p : m.content) {
            feed(p.kind == ContentPart::Kind::text ? p.text : p.media_type + p.data + p.url);
            if (p.kind == ContentPart::Kind::text) words += count_words(p.text);
            mark(p.cache);
        }
        for (const auto& c : m.tool_calls) {
            feed(c.id);
            feed(c.name);
            feed(c.arguments);
            mark(c.cache);
        }
        feed(m.tool_call_id);
        feed(m.is_error ? "error" : "");
        mark(m.cache);
    }
    return out;
}

CacheUse MockPromptCache::use(const ChatRequest& r) {
    const auto prefixes = marked_prefixes(r);
    if (prefixes.empty()) return {};
    std::lock_guard lock(mutex_);
    CacheUse use{0, 0};
    for (const auto& p : prefixes)
        if (cached_.count(p.hash)) use.read = std::max(use.read, p.words);
    use.write = std::max<int64_t>(prefixes.back().words - use.read, 0);
    if (cached_.size() > max_entries) cached_.clear(); // a test's cache stays far below this
    for (const auto& p : prefixes)
        cached_.insert(p.hash);
    return use;
}

} // namespace llmhost::mock_plugin
