// The mock's prompt cache, so that tests can see cache marks arrive and cache usage come
// back. A request's prompt is its tools, then its messages in order; each cache mark ends a
// marked prefix. Counted in the mock's tokens (words of the messages' text: tools, images and
// tool calls count nothing):
//
//   cache_write_tokens   the words up to the request's last mark that no earlier request
//                        cached: a first request with a mark writes its whole marked prefix
//   cached_input_tokens  the words of the longest marked prefix an earlier request cached
//
// A prefix is the same when its content is, wherever the marks sit (as with Anthropic). The
// cache lives as long as the provider, shared by its calls, without expiry. A request without
// marks reports neither count (-1), as before.
#pragma once

#include "mock_text.hpp"

#include <llmhost/chat.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

namespace llmhost::mock_plugin {

struct MarkedPrefix {
    uint64_t hash = 0;
    int64_t words = 0;
};

// Where `r`'s marks end its prefixes, in order.
inline std::vector<MarkedPrefix> marked_prefixes(const ChatRequest& r) {
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

struct CacheUse {
    int64_t read = -1;
    int64_t write = -1;
};

class MockPromptCache {
  public:
    CacheUse use(const ChatRequest& r) {
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

  private:
    static constexpr size_t max_entries = 100000;
    std::mutex mutex_;
    std::unordered_set<uint64_t> cached_;
};

} // namespace llmhost::mock_plugin
