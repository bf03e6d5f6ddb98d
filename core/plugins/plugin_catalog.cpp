// PluginCatalog: which discovered file serves which provider id, alias, prefix and plugin name.
#include "core/plugins/discovery.hpp"

#include "core/plugins/plugin_trace.hpp"

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
    if (plugin_tracing_enabled())
        for (const auto& w : warnings_)
            trace_plugins("warning: " + w);
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
    warnings_.push_back(std::string(kind) + " '" + name + "' is claimed by both " + win.path + " and " + lose.path +
                        "; using " + win.path + why);
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
