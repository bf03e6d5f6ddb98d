// What the fuzz targets share: reading selector bytes off the front of the input, feeding the
// rest to an incremental decoder split at points the fuzzer chooses, and an EventSink that
// takes every event (so that decoders run to their end).
#pragma once

#include <llmhost/provider.hpp>
#include <llmhost/provider_abi.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace llmhost::fuzz {

// The input, consumed from the front.
class FuzzInput {
  public:
    FuzzInput(const uint8_t* data, size_t size) : rest_(reinterpret_cast<const char*>(data), size) {}

    // The next byte, 0 once the input is used up.
    uint8_t byte() {
        if (rest_.empty()) return 0;
        const auto b = static_cast<uint8_t>(rest_.front());
        rest_.remove_prefix(1);
        return b;
    }
    std::string_view rest() const { return rest_; }

  private:
    std::string_view rest_;
};

// Calls feed(std::string_view) with consecutive pieces of `bytes`. `seed` (a byte the fuzzer
// chose) picks the cut points: 0 feeds everything at once; otherwise piece lengths follow a
// small generator seeded by it, between 1 and 2*seed bytes — so single bytes, pieces that cut
// UTF-8, CRLF and frame headers, and large pieces all occur.
template <class Feed> void feed_in_pieces(std::string_view bytes, uint8_t seed, Feed&& feed) {
    if (seed == 0) {
        feed(bytes);
        return;
    }
    uint32_t state = seed * 2654435761u;
    while (!bytes.empty()) {
        state = state * 1103515245u + 12345u;
        const size_t length = 1 + (state >> 16) % (2u * seed);
        const size_t take = length < bytes.size() ? length : bytes.size();
        feed(bytes.substr(0, take));
        bytes.remove_prefix(take);
    }
}

// An llmh_event_sink that accepts every event and reads each one's strings (so that ASan sees
// a dangling or overlong view).
class DiscardingSink {
  public:
    DiscardingSink() {
        sink_.struct_size = sizeof sink_;
        sink_.user = this;
        sink_.on_event = [](void* user, const llmh_event* e) {
            auto& self = *static_cast<DiscardingSink*>(user);
            for (const llmh_str* s : {&e->text, &e->id, &e->name, &e->data})
                for (size_t i = 0; i < s->size; ++i)
                    self.checksum_ += static_cast<unsigned char>(s->data[i]);
            return true;
        };
    }
    EventSink sdk_sink() { return EventSink(&sink_); }

  private:
    llmh_event_sink sink_{};
    size_t checksum_ = 0;
};

} // namespace llmhost::fuzz
