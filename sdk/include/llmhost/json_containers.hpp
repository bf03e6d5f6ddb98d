// Finding where a JSON array or object ends without reading it: the text is looked at 64 bytes
// at a time as bit masks (one bit per byte) of quotes, backslashes and brackets; which quotes
// are escaped, and so which bytes are inside strings, follows from the masks with a few
// integer operations, and only brackets outside strings are visited one by one. An agent's
// request is mostly long strings; this reads them at about a byte per instruction, with no
// branch per string.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace llmhost::json_containers {

// Bit i of each mask stands for byte i of a 64-byte block.
struct Block {
    uint64_t quote = 0, backslash = 0, open = 0, close = 0; // open: { or [; close: } or ]
};

inline Block classify(const char* p) {
    Block b;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), open = _mm_set1_epi8('{'),
                  close = _mm_set1_epi8('}'), to_curly = _mm_set1_epi8(0x20); // '[' | 0x20 is '{', ']' | 0x20 is '}'
    for (int part = 0; part < 4; ++part) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * part));
        const __m128i curly = _mm_or_si128(x, to_curly);
        const auto bits = [&](__m128i eq) {
            return static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(eq))) << (16 * part);
        };
        b.quote |= bits(_mm_cmpeq_epi8(x, quote));
        b.backslash |= bits(_mm_cmpeq_epi8(x, backslash));
        b.open |= bits(_mm_cmpeq_epi8(curly, open));
        b.close |= bits(_mm_cmpeq_epi8(curly, close));
    }
#else
    for (int i = 0; i < 64; ++i) {
        const uint64_t bit = uint64_t{1} << i;
        const char c = p[i];
        if (c == '"') b.quote |= bit;
        if (c == '\\') b.backslash |= bit;
        if (c == '{' || c == '[') b.open |= bit;
        if (c == '}' || c == ']') b.close |= bit;
    }
#endif
    return b;
}

// Which bytes are inside strings, block after block.
class Strings {
  public:
    // The block's bytes inside a string: from an opening quote up to, not including, its
    // closing one.
    uint64_t inside(const Block& b) {
        const uint64_t quotes = b.quote & ~escaped(b.backslash);
        uint64_t parity = quotes; // bit i: an odd number of quotes at or before byte i
        for (int shift = 1; shift < 64; shift *= 2)
            parity ^= parity << shift;
        const uint64_t in = parity ^ in_string_;
        in_string_ = static_cast<uint64_t>(-static_cast<int64_t>(in >> 63)); // all ones when still open
        return in;
    }

  private:
    // The bytes a backslash escapes: the one after each run of backslashes of odd length.
    // Adding a run's first bit to the run carries to the byte just after it, so runs are
    // split by where they start (even or odd byte) and the run's length parity read from
    // where the carry lands.
    uint64_t escaped(uint64_t backslash) {
        constexpr uint64_t even = 0x5555555555555555u, odd = ~even;
        const uint64_t first_escaped = carry_; // the previous block ended in an unpaired backslash
        backslash &= ~first_escaped;           // an escaped backslash escapes nothing
        const uint64_t starts = backslash & ~(backslash << 1);
        const uint64_t from_even = (backslash + (starts & even)) & ~backslash;
        uint64_t from_odd = 0;
        carry_ = __builtin_add_overflow(backslash, starts & odd, &from_odd) ? 1 : 0;
        from_odd &= ~backslash;
        return (from_even & odd) | (from_odd & even) | first_escaped;
    }

    uint64_t carry_ = 0;     // 1: the next block's first byte is escaped
    uint64_t in_string_ = 0; // all ones: the next block begins inside a string
};

// From the opening bracket at `at`: the position just past the bracket that closes it, or
// npos when the text ends first or a bracket closes one of the other kind.
inline size_t skip_container(std::string_view text, size_t at) {
    std::string closers; // what each open bracket needs, innermost last
    Strings strings;
    for (size_t block = at; block < text.size(); block += 64) {
        const char* p = text.data() + block;
        char padded[64];
        if (text.size() - block < 64) { // the last bytes, padded with spaces to a whole block
            std::memset(padded, ' ', sizeof padded);
            std::memcpy(padded, p, text.size() - block);
            p = padded;
        }
        const Block b = classify(p);
        const uint64_t in_string = strings.inside(b);
        for (uint64_t brackets = (b.open | b.close) & ~in_string; brackets != 0; brackets &= brackets - 1) {
            const auto i = static_cast<size_t>(std::countr_zero(brackets));
            const char c = p[i];
            if (c == '{' || c == '[') {
                closers += c == '{' ? '}' : ']';
                continue;
            }
            if (closers.empty() || closers.back() != c) return std::string_view::npos;
            closers.pop_back();
            if (closers.empty()) return block + i + 1;
        }
    }
    return std::string_view::npos;
}

} // namespace llmhost::json_containers
