// The mock provider's deterministic text helpers: word-by-word deltas, word counts as token
// counts, and hash-derived embedding vectors.
#pragma once

#include <boost/json.hpp>

#include <cctype>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

namespace llmhost::mock_plugin {

inline bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// "hello big  world" -> "hello ", "big  ", "world": each word with the white space after it,
// so the deltas concatenate back to the input. Leading white space joins the first word.
inline std::vector<std::string_view> words_with_trailing_space(std::string_view text) {
    std::vector<std::string_view> pieces;
    size_t begin = 0, pos = 0;
    while (pos < text.size() && is_space(text[pos]))
        ++pos;
    while (pos < text.size()) {
        while (pos < text.size() && !is_space(text[pos]))
            ++pos;
        while (pos < text.size() && is_space(text[pos]))
            ++pos;
        pieces.push_back(text.substr(begin, pos - begin));
        begin = pos;
    }
    if (pieces.empty() && !text.empty()) pieces.push_back(text); // white space only
    return pieces;
}

inline int64_t count_words(std::string_view text) {
    int64_t words = 0;
    bool in_word = false;
    for (char c : text) {
        if (!is_space(c) && !in_word) ++words;
        in_word = !is_space(c);
    }
    return words;
}

inline constexpr uint64_t stable_hash_seed = 0xcbf29ce484222325ULL;

// FNV-1a: a stable hash, the same on every platform and run. `seed` continues an earlier
// hash, so that a sequence of texts hashes piece by piece.
inline uint64_t stable_hash(std::string_view text, uint64_t seed = stable_hash_seed) {
    uint64_t h = seed;
    for (unsigned char c : text) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

// splitmix64 step: spreads one hash into a sequence of well-mixed values.
inline uint64_t next_mixed(uint64_t& state) {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

inline constexpr size_t embedding_dimensions = 8;

// A unit-length vector derived from the text alone: equal texts embed equally.
inline boost::json::array mock_embedding(std::string_view text) {
    uint64_t state = stable_hash(text);
    double values[embedding_dimensions];
    double norm = 0;
    for (double& v : values) {
        v = static_cast<double>(next_mixed(state) >> 11) / static_cast<double>(1ULL << 53) * 2.0 - 1.0;
        norm += v * v;
    }
    norm = std::sqrt(norm);
    boost::json::array out;
    for (double v : values)
        out.push_back(norm > 0 ? v / norm : 0.0);
    return out;
}

} // namespace llmhost::mock_plugin
