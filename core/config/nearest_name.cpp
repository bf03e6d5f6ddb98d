#include "core/config/nearest_name.hpp"

#include <algorithm>
#include <numeric>

namespace llmhost::config {

size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1);
    std::iota(row.begin(), row.end(), size_t{0});
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::vector<std::string> closest_names(std::string_view name, const std::vector<std::string>& candidates,
                                       size_t limit) {
    // Farther than this is not a likely typo: suggesting it only misleads.
    const size_t cutoff = std::max<size_t>(2, name.size() / 2);
    std::vector<std::pair<size_t, std::string>> scored;
    for (const auto& c : candidates) {
        size_t d = edit_distance(name, c);
        // One name inside the other ("kimi" in "kimi-k2"): close, if the shorter is not a
        // letter or two that happens to occur anywhere.
        const bool contains = c.find(name) != std::string::npos || name.find(c) != std::string_view::npos;
        if (contains && std::min(c.size(), name.size()) >= 3) d = std::min<size_t>(d, 1);
        if (d <= cutoff) scored.emplace_back(d, c);
    }
    // Equally close: in the candidates' order (the caller lists ids before aliases).
    std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> out;
    for (auto& [d, c] : scored) {
        if (out.size() == limit) break;
        if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    }
    return out;
}

std::string nearest_name(std::string_view name, const std::vector<std::string>& candidates) {
    std::string best;
    size_t best_distance = std::max<size_t>(2, name.size() / 3) + 1;
    for (const auto& c : candidates) {
        const size_t d = edit_distance(name, c);
        if (d < best_distance) {
            best_distance = d;
            best = c;
        }
    }
    return best;
}

} // namespace llmhost::config
