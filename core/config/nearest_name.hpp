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

// Up to `limit` candidates ordered by closeness (for "closest known ids").
std::vector<std::string> closest_names(std::string_view name, const std::vector<std::string>& candidates, size_t limit);

} // namespace llmhost::config
