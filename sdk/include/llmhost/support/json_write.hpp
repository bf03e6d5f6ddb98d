// Writing JSON text straight into a string: for bodies that are built once and sent at once,
// where a boost::json tree would cost an allocation and a hash insert per field.
#pragma once

#include <boost/json.hpp>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace llmhost {

namespace json_write_detail {

// How many bytes from `p` on need no escaping in a JSON string: not a control character, a
// quote or a backslash. Most text has few of them, so it is looked at 16 bytes at a time with
// SSE2 (every x86-64 has it), else 8 at a time in a word: there each of the three tests sets
// the high bit of a byte that matches (and maybe of bytes after it, through the borrow), so
// the lowest set bit is the first match; bytes from 0x80 up (UTF-8) never match.
inline size_t plain_prefix(const char* p, size_t n) {
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), below_space = _mm_set1_epi8(0x1f);
    for (; i + 16 <= n; i += 16) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
        const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(x, below_space), below_space); // x <= 0x1f
        const __m128i found =
            _mm_or_si128(control, _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)));
        if (const int mask = _mm_movemask_epi8(found))
            return i + static_cast<size_t>(std::countr_zero(static_cast<unsigned>(mask)));
    }
#endif
    if constexpr (std::endian::native == std::endian::little) {
        constexpr uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
        for (; i + 8 <= n; i += 8) {
            uint64_t x;
            std::memcpy(&x, p + i, 8);
            const uint64_t quote = x ^ (ones * '"'), backslash = x ^ (ones * '\\');
            const uint64_t found =
                (((x - ones * 0x20) & ~x) | ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash)) & highs;
            if (found) return i + static_cast<size_t>(std::countr_zero(found)) / 8;
        }
    }
    for (; i < n; ++i) {
        const auto c = static_cast<unsigned char>(p[i]);
        if (c < 0x20 || c == '"' || c == '\\') return i;
    }
    return n;
}

} // namespace json_write_detail

// Appends `text` as a quoted JSON string (control characters, quotes and backslashes escaped;
// UTF-8 passes through unchanged).
inline void append_json_string(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    out.reserve(out.size() + text.size() + 2);
    out.push_back('"');
    while (!text.empty()) {
        const size_t plain = json_write_detail::plain_prefix(text.data(), text.size());
        out.append(text.data(), plain); // runs that need no escaping go in one copy
        if (plain == text.size()) break;
        const auto c = static_cast<unsigned char>(text[plain]);
        text.remove_prefix(plain + 1);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            out += "\\u00";
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    out.push_back('"');
}

inline void append_json_int(std::string& out, int64_t value) {
    char digits[24];
    out.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
}

// The shortest text that reads back as the same double. JSON has no NaN or infinity; callers
// hold finite numbers (parsed from JSON or validated), and anything else is written as null.
inline void append_json_number(std::string& out, double value) {
    if (value != value || value > 1.7976931348623157e308 || value < -1.7976931348623157e308) {
        out += "null";
        return;
    }
    char digits[32];
    out.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
}

inline void append_json_bool(std::string& out, bool value) { out += value ? "true" : "false"; }

// [item, item, ...]: `write(out, item)` appends each item's JSON text.
template <class Range, class Write> void append_json_array(std::string& out, const Range& items, Write write) {
    out += '[';
    bool first = true;
    for (const auto& item : items) {
        if (!first) out += ',';
        first = false;
        write(out, item);
    }
    out += ']';
}

// Any JSON value, object or array (a tool's parameter schema, say), appended to `out`.
// Out of line so that its buffer is on the stack only while it runs.
template <class Json> [[gnu::noinline]] void append_json_value(std::string& out, const Json& value) {
    boost::json::serializer writer;
    writer.reset(&value);
    // Through a buffer on the stack: resizing `out` to serialize into it would zero its spare
    // capacity on every call, and a body is written with hundreds of calls.
    char buffer[1024];
    while (!writer.done()) {
        const auto piece = writer.read(buffer, sizeof buffer);
        out.append(piece.data(), piece.size());
    }
}

// A JSON value's text.
template <class Json> std::string json_text(const Json& value) {
    std::string out;
    append_json_value(out, value);
    return out;
}

} // namespace llmhost
