// Finding where a JSON array or object ends without reading it: the text is looked at 64 bytes
// at a time as bit masks (one bit per byte) of quotes, backslashes and brackets; which quotes
// are escaped, and so which bytes are inside strings, follows from the masks with a few
// integer operations, and only brackets outside strings are visited one by one. An agent's
// request is mostly long strings; this reads them with no branch per string. Where the CPU
// has them, AVX2 compares 32 bytes at once and a carry-less multiply finds the string
// interiors (about twice as fast on an agent's request); elsewhere SSE2 or plain C++.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define LLMHOST_JSON_CONTAINERS_AVX2 1
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

// Bit i of the result: an odd number of bits set at or below bit i.
inline uint64_t prefix_xor(uint64_t bits) {
    for (int shift = 1; shift < 64; shift *= 2)
        bits ^= bits << shift;
    return bits;
}

// Which bytes are inside strings, block after block.
class Strings {
  public:
    // The block's bytes inside a string: from an opening quote up to, not including, its
    // closing one. `parity_of` is prefix_xor or a faster equivalent.
    template <class PrefixXor> uint64_t inside(const Block& b, PrefixXor parity_of) {
        const uint64_t quotes = b.quote & ~escaped(b.backslash);
        const uint64_t parity = parity_of(quotes); // bit i: an odd number of quotes at or before byte i
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

namespace detail {

// skip_container with the given block classifier and prefix xor; inlined into each variant,
// so that the two calls are made direct and inlined with the variant's instruction set.
template <class Classify, class PrefixXor>
[[gnu::always_inline]] inline size_t skip_container_with(std::string_view text, size_t at, Classify classify_block,
                                                         PrefixXor parity_of) {
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
        const Block b = classify_block(p);
        const uint64_t in_string = strings.inside(b, parity_of);
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

inline size_t skip_container_portable(std::string_view text, size_t at) {
    return skip_container_with(text, at, classify, prefix_xor);
}

#if LLMHOST_JSON_CONTAINERS_AVX2
__attribute__((target("avx2"))) inline uint64_t mask_avx2(__m256i eq, int half) {
    return static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_epi8(eq))) << (32 * half);
}

__attribute__((target("avx2"))) inline Block classify_avx2(const char* p) {
    const __m256i quote = _mm256_set1_epi8('"'), backslash = _mm256_set1_epi8('\\'), open = _mm256_set1_epi8('{'),
                  close = _mm256_set1_epi8('}'), to_curly = _mm256_set1_epi8(0x20);
    Block b;
    for (int half = 0; half < 2; ++half) {
        const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * half));
        const __m256i curly = _mm256_or_si256(x, to_curly);
        b.quote |= mask_avx2(_mm256_cmpeq_epi8(x, quote), half);
        b.backslash |= mask_avx2(_mm256_cmpeq_epi8(x, backslash), half);
        b.open |= mask_avx2(_mm256_cmpeq_epi8(curly, open), half);
        b.close |= mask_avx2(_mm256_cmpeq_epi8(curly, close), half);
    }
    return b;
}

// A carry-less multiply by all ones is a prefix xor.
__attribute__((target("pclmul"))) inline uint64_t prefix_xor_clmul(uint64_t bits) {
    const __m128i product = _mm_clmulepi64_si128(_mm_set_epi64x(0, static_cast<int64_t>(bits)), _mm_set1_epi8(-1), 0);
    return static_cast<uint64_t>(_mm_cvtsi128_si64(product));
}

inline bool has_avx2() {
    static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("pclmul");
    return has;
}

__attribute__((target("avx2,pclmul"))) inline size_t skip_container_avx2(std::string_view text, size_t at) {
    return skip_container_with(text, at, classify_avx2, prefix_xor_clmul);
}
#endif

} // namespace detail

// From the opening bracket at `at`: the position just past the bracket that closes it, or
// npos when the text ends first or a bracket closes one of the other kind.
inline size_t skip_container(std::string_view text, size_t at) {
#if LLMHOST_JSON_CONTAINERS_AVX2
    if (detail::has_avx2()) return detail::skip_container_avx2(text, at);
#endif
    return detail::skip_container_portable(text, at);
}

} // namespace llmhost::json_containers
