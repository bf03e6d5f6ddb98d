#include "core/registry/provider_registry.hpp"

#include "core/config/nearest_name.hpp"

#include <algorithm>
#include <map>

namespace llmhost::registry {

ProviderRegistry::ProviderRegistry(const config::Config& config, const plugins::PluginCatalog& catalog)
    : config_(config), catalog_(catalog) {}

ProviderDefinition ProviderRegistry::from_plugin(const plugins::PluginCatalog::Match& match) const {
    ProviderDefinition d;
    d.id = match.provider->id;
    d.source = "plugin";
    d.plugin = match.file->metadata ? match.file->metadata->name : std::string();
    d.file = match.file;
    d.base_url = match.provider->base_url;
    d.default_model = match.provider->default_model;
    d.description = match.provider->description;
    d.aliases = match.provider->aliases;
    d.family = match.provider->family;
    d.credentials = match.provider->credentials;
    d.responses_models = match.provider->responses_models;
    d.key_env = match.provider->key_env;
    d.keyless = match.provider->keyless;
    d.capabilities = match.provider->capabilities;
    d.isolated = config_.plugin_isolation == "process";
    return d;
}

ProviderDefinition ProviderRegistry::apply_config(ProviderDefinition d, const config::ProviderEntry& e) const {
    d.source = "config";
    d.entry = &e;
    if (!e.base_url.empty()) d.base_url = e.base_url;
    if (!e.default_model.empty()) d.default_model = e.default_model;
    if (!e.name.empty()) d.description = e.name;
    if (!e.isolation.empty()) d.isolated = e.isolation == "process";
    return d;
}

ProviderDefinition ProviderRegistry::from_config(const config::ProviderEntry& e) const {
    // Settings for a `custom:<URL>` selector ([providers."custom:<URL>"], or the top-level
    // api_key of `default_provider = "custom:<URL>"`, as ZeroClaw writes it) go on that URL.
    if (auto d = custom_selector(e.id)) return apply_config(std::move(*d), e);
    // The implementing plugin: named explicitly, else the one declaring this id, else openai.
    ProviderDefinition d;
    if (e.plugin.empty()) {
        if (auto m = catalog_.find(e.id); m.file) return apply_config(from_plugin(m), e);
    }
    const std::string plugin = e.plugin.empty() ? "openai" : e.plugin;
    d.id = e.id;
    d.plugin = plugin;
    d.file = catalog_.find_plugin(plugin);
    if (d.file && d.file->metadata) {
        // Capabilities of the plugin's first provider are the best default for a new id.
        if (!d.file->metadata->providers.empty()) d.capabilities = d.file->metadata->providers.front().capabilities;
    }
    // A config-defined provider without any key setting is keyless unless <ID>_API_KEY is set.
    d.keyless = e.api_key.empty() && e.api_keys.empty() && e.api_key_env.empty();
    return apply_config(d, e);
}

ProviderDefinition ProviderRegistry::custom(std::string_view plugin, std::string_view id, std::string_view url) const {
    if (url.empty())
        throw SelectionError(std::string(id) + ": needs a URL after the colon, e.g. " + std::string(id) +
                             ":http://localhost:8000/v1");
    ProviderDefinition d;
    d.id = std::string(id);
    d.source = "config";
    d.plugin = std::string(plugin);
    d.file = catalog_.find_plugin(plugin);
    if (!d.file)
        throw SelectionError(std::string(id) + ":<URL> needs the '" + std::string(plugin) +
                             "' plugin, which is not installed in any plugin directory (see `llmhost plugins`)");
    d.base_url = std::string(url);
    d.keyless = true;
    d.isolated = config_.plugin_isolation == "process";
    if (d.file->metadata && !d.file->metadata->providers.empty()) {
        const auto& first = d.file->metadata->providers.front();
        d.capabilities = first.capabilities;
        // An Anthropic-compatible server serves Claude model names; an arbitrary OpenAI-compatible
        // one has no sensible default, so `custom:` needs -m.
        if (plugin == "anthropic") d.default_model = first.default_model;
    }
    return d;
}

std::optional<ProviderDefinition> ProviderRegistry::custom_selector(std::string_view selector) const {
    constexpr std::string_view custom_prefix = "custom:", anthropic_prefix = "anthropic-custom:";
    if (selector.starts_with(custom_prefix)) return custom("openai", "custom", selector.substr(custom_prefix.size()));
    if (selector.starts_with(anthropic_prefix))
        return custom("anthropic", "anthropic-custom", selector.substr(anthropic_prefix.size()));
    return std::nullopt;
}

ProviderDefinition ProviderRegistry::resolve(std::string_view selector) const {
    if (const auto* entry = config_.find_provider(selector)) return from_config(*entry);
    if (auto m = catalog_.find(selector); m.file) {
        auto d = from_plugin(m);
        if (const auto* entry = config_.find_provider(d.id)) return from_config(*entry); // alias of a configured id
        return d;
    }
    if (auto d = custom_selector(selector)) return std::move(*d);
    if (auto m = catalog_.find_by_prefix(selector); m.file) {
        auto d = from_plugin(m);
        d.id = std::string(selector);
        return d;
    }
    throw SelectionError(unknown_provider_message(selector));
}

// "unknown provider 'kimi-k2'; closest known ids: kimi (moonshot), ...": ranked by edit
// distance over ids, aliases and declared prefixes, an alias shown with its id.
std::string ProviderRegistry::unknown_provider_message(std::string_view selector) const {
    struct Suggestion {
        std::string text; // "kimi (moonshot)" for an alias
        std::string id;
    };
    std::vector<std::string> names;
    std::map<std::string, Suggestion, std::less<>> suggestions;
    auto add = [&](const std::string& name, std::string text, const std::string& id) {
        if (suggestions.emplace(name, Suggestion{std::move(text), id}).second) names.push_back(name);
    };
    const auto providers = all();
    for (const auto& d : providers)
        add(d.id, d.id, d.id);
    for (const auto& d : providers)
        for (const auto& alias : d.aliases)
            add(alias, alias + " (" + d.id + ")", d.id);
    for (const auto& file : catalog_.files())
        if (file.metadata)
            for (const auto& p : file.metadata->providers)
                for (const auto& prefix : p.prefixes)
                    add(prefix, prefix + "<model> (" + p.id + ")", p.id);

    // One suggestion per provider: its closest name.
    std::vector<const Suggestion*> near;
    for (const auto& name : config::closest_names(selector, names, names.size())) {
        const Suggestion& s = suggestions.find(name)->second;
        if (std::none_of(near.begin(), near.end(), [&](const Suggestion* n) { return n->id == s.id; }))
            near.push_back(&s);
        if (near.size() == 3) break;
    }
    std::string msg = "unknown provider '" + std::string(selector) + "'";
    if (!near.empty()) {
        msg += "; closest known ids: ";
        for (size_t i = 0; i < near.size(); ++i)
            msg += (i ? ", " : "") + near[i]->text;
    }
    msg += " (run `llmhost providers` for the full list)";
    return msg;
}

bool ProviderRegistry::knows(std::string_view name) const {
    return config_.find_provider(name) || catalog_.find(name).file;
}

std::vector<std::string> ProviderRegistry::known_ids() const {
    std::vector<std::string> ids;
    for (const auto& d : all())
        ids.push_back(d.id);
    return ids;
}

std::vector<ProviderDefinition> ProviderRegistry::all() const {
    std::map<std::string, ProviderDefinition> by_id;
    for (const auto& file : catalog_.files()) {
        if (!file.metadata) continue;
        for (const auto& p : file.metadata->providers) {
            if (by_id.count(p.id)) continue;
            auto m = catalog_.find(p.id);
            if (m.file) by_id.emplace(p.id, from_plugin(m));
        }
    }
    for (const auto& e : config_.providers)
        by_id[e.id] = from_config(e);
    std::vector<ProviderDefinition> out;
    for (auto& [id, d] : by_id)
        out.push_back(std::move(d));
    return out;
}

} // namespace llmhost::registry
