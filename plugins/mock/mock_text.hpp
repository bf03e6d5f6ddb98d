// The mock provider's deterministic text helpers: word-by-word deltas, word counts as token
// counts, and hash-derived embedding vectors.
#pragma once

#include <boost/json/array.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace llmhost::mock_plugin {

bool is_space(char c);

// "hello big  world" -> "hello ", "big  ", "world": each word with the white space after it,
// so the deltas concatenate back to the input. Leading white space joins the first word.
std::vector<std::string_view> words_with_trailing_space(std::string_view text);

int64_t count_words(std::string_view text);

inline constexpr uint64_t stable_hash_seed = 0xcbf29ce484222325ULL;

// FNV-1a: a stable hash, the same on every platform and run. `seed` continues an earlier
// hash, so that a sequence of texts hashes piece by piece.
uint64_t stable_hash(std::string_view text, uint64_t seed = stable_hash_seed);

// splitmix64 step: spreads one hash into a sequence of well-mixed values.
uint64_t next_mixed(uint64_t& state);

inline constexpr size_t embedding_dimensions = 8;

// A unit-length vector derived from the text alone: equal texts embed equally.
boost::json::array mock_embedding(std::string_view text);

} // namespace llmhost::mock_plugin
