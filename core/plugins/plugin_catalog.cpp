// PluginCatalog: which discovered file serves which provider id, alias, prefix and plugin name.
#include "core/plugins/discovery.hpp"

#include "core/plugins/plugin_trace.hpp"

#include <algorithm>
#include <optional>

namespace llmhost::plugins {

PluginCatalog::PluginCatalog(std::vector<PluginFile> files) : files_(std::move(files)) {
    for (size_t fi = 0; fi < files_.size(); ++fi) {
        const auto& meta = files_[fi].metadata;
        if (!meta) continue;
        claim(plugins_, "plugin name", meta->name, {fi, 0, false});
        for (size_t pi = 0; pi < meta->providers.size(); ++pi) {
            const auto& p = meta->providers[pi];
            claim(names_, "provider id", p.id, {fi, pi, false});
            for (const auto& alias : p.aliases)
                claim(names_, "provider alias", alias, {fi, pi, true});
            for (const auto& prefix : p.prefixes)
                claim(prefixes_, "prefix", prefix, {fi, pi, false});
        }
    }
    summarize_shadowing();
    if (plugin_tracing_enabled())
        for (const auto& c : conflicts_)
            trace_plugins("conflict: " + c.kind + " '" + c.name + "' is claimed by both " + files_[c.winner].path +
                          " and " + files_[c.loser].path + "; using " + files_[c.winner].path + c.why);
}

// One warning per shadowed file, not per name: a dropped-in copy of a plugin claims dozens.
void PluginCatalog::summarize_shadowing() {
    std::vector<std::pair<size_t, size_t>> pairs; // (winner, loser) in first-seen order
    for (const auto& c : conflicts_)
        if (std::find(pairs.begin(), pairs.end(), std::pair{c.winner, c.loser}) == pairs.end())
            pairs.emplace_back(c.winner, c.loser);
    for (const auto& [winner, loser] : pairs) {
        std::vector<std::string> names;
        std::optional<std::string> why; // the reason, when every name of the pair has the same one
        for (const auto& c : conflicts_) {
            if (c.winner != winner || c.loser != loser) continue;
            if (c.kind == "provider id" || c.kind == "provider alias") names.push_back(c.name);
            if (!why)
                why = c.why;
            else if (*why != c.why)
                why = "";
        }
        const auto& win = files_[winner].path;
        std::string line = files_[loser].path + " is shadowed by " + win;
        if (!names.empty()) {
            line += ": both serve ";
            const size_t shown = std::min<size_t>(names.size(), 3);
            for (size_t i = 0; i < shown; ++i)
                line += (i ? ", " : "") + names[i];
            if (names.size() > shown) line += " and " + std::to_string(names.size() - shown) + " more";
        }
        line += "; using " + win + why.value_or("");
        if (names.size() > 1 && !plugin_tracing_enabled()) line += " (LLMHOST_DEBUG_PLUGINS=1 lists each name)";
        warnings_.push_back(std::move(line));
    }
}

// Keeps the better of two claims on `name` and records a warning for the other. Better: a
// working file over a broken one, then an id over an alias, then the earlier file.
void PluginCatalog::claim(ClaimMap& map, std::string_view kind, const std::string& name, Claim c) {
    auto [it, fresh] = map.emplace(name, c);
    if (fresh) return;
    const Claim old = it->second;
    const bool old_ok = files_[old.file].status == PluginStatus::ok;
    const bool new_ok = files_[c.file].status == PluginStatus::ok;
    const bool replace = (new_ok != old_ok) ? new_ok : (!c.by_alias && old.by_alias);
    const Claim& winner = replace ? c : old;
    const Claim& loser = replace ? old : c;
    if (replace) it->second = c;

    const auto& win = files_[winner.file];
    const auto& lose = files_[loser.file];
    std::string why;
    if (win.status == PluginStatus::ok && lose.status != PluginStatus::ok)
        why = " (" + lose.path + " is " + std::string(to_string(lose.status)) + ")";
    else if (winner.by_alias != loser.by_alias)
        why = " (an id wins over an alias)";
    conflicts_.push_back({std::string(kind), name, winner.file, loser.file, std::move(why)});
}

PluginCatalog::Match PluginCatalog::match(const Claim& c) const {
    const auto& file = files_[c.file];
    return {&file, &file.metadata->providers[c.provider]};
}

PluginCatalog::Match PluginCatalog::find(std::string_view id_or_alias) const {
    const auto it = names_.find(id_or_alias);
    return it == names_.end() ? Match{} : match(it->second);
}

PluginCatalog::Match PluginCatalog::find_by_prefix(std::string_view selector) const {
    const Claim* best = nullptr;
    size_t best_length = 0;
    for (const auto& [prefix, c] : prefixes_)
        if (selector.starts_with(prefix) && prefix.size() > best_length) {
            best = &c;
            best_length = prefix.size();
        }
    return best ? match(*best) : Match{};
}

const PluginFile* PluginCatalog::find_plugin(std::string_view name) const {
    const auto it = plugins_.find(name);
    return it == plugins_.end() ? nullptr : &files_[it->second.file];
}

} // namespace llmhost::plugins
