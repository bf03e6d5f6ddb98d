// Writes correct CRCs into every AWS event-stream frame the bytes delimit, so that fuzzed
// streams get past the checksums to the headers and payloads behind them.
#pragma once

#include "plugins/bedrock/crc32.hpp"
#include "plugins/bedrock/event_stream_decoder.hpp"

#include <cstdint>
#include <string>

namespace llmhost::fuzz {

inline void fix_event_stream_crcs(std::string& s) {
    namespace bedrock = llmhost::bedrock;
    auto put_u32 = [&s](size_t at, uint32_t v) {
        for (size_t i = 0; i < 4; ++i)
            s[at + i] = static_cast<char>((v >> (24 - 8 * i)) & 0xFFu);
    };
    size_t at = 0;
    while (s.size() - at >= bedrock::event_stream_limits::prelude_size) {
        put_u32(at + 8, bedrock::crc32(std::string_view(s).substr(at, 8)));
        const uint32_t total = bedrock::event_stream_detail::read_u32(s, at);
        if (total < bedrock::event_stream_limits::overhead || total > s.size() - at) return;
        put_u32(at + total - 4, bedrock::crc32(std::string_view(s).substr(at, total - 4)));
        at += total;
    }
}

} // namespace llmhost::fuzz
