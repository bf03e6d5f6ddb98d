// "Did you mean ...?" suggestions for mistyped keys and provider ids.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace llmhost::config {

// Edit distance between two strings (insertions, deletions, substitutions).
size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `name` when it is close enough to be a likely typo, else "".
std::string nearest_name(std::string_view name, const std::vector<std::string>& candidates);

// Up to `limit` candidates ordered by closeness (for "closest known ids"); none farther than a
// likely typo (half the name's length, at least 2 edits), and a name containing the other is close.
std::vector<std::string> closest_names(std::string_view name, const std::vector<std::string>& candidates, size_t limit);

} // namespace llmhost::config
