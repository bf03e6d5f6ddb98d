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

#include <llmhost/chat.hpp>

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <unordered_set>
#include <vector>

namespace llmhost::mock_plugin {

struct MarkedPrefix {
    uint64_t hash = 0;
    int64_t words = 0;
};

// Where `r`'s marks end its prefixes, in order.
std::vector<MarkedPrefix> marked_prefixes(const ChatRequest& r);

struct CacheUse {
    int64_t read = -1;
    int64_t write = -1;
};

class MockPromptCache {
  public:
    CacheUse use(const ChatRequest& r);

  private:
    static constexpr size_t max_entries = 100000;
    std::mutex mutex_;
    std::unordered_set<uint64_t> cached_;
};

} // namespace llmhost::mock_plugin
