#include "mock_text.hpp"

#include <boost/json.hpp>

#include <cctype>
#include <cmath>

namespace llmhost::mock_plugin {

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::vector<std::string_view> words_with_trailing_space(std::string_view text) {
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

int64_t count_words(std::string_view text) {
    int64_t words = 0;
    bool in_word = false;
    for (char c : text) {
        if (!is_space(c) && !in_word) ++words;
        in_word = !is_space(c);
    }
    return words;
}

uint64_t stable_hash(std::string_view text, uint64_t seed) {
    uint64_t h = seed;
    for (unsigned char c : text) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

uint64_t next_mixed(uint64_t& state) {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

boost::json::array mock_embedding(std::string_view text) {
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
