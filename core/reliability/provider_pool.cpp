#include "core/reliability/provider_pool.hpp"

#include "core/registry/provider_config_json.hpp"

namespace llmhost::reliability {

namespace {

// Keyed by id and base URL: `custom:<URL>` selectors share the id "custom".
// An isolated provider and an in-process one are different instances.
std::string key_of(const registry::ProviderDefinition& provider) {
    return provider.id + "\n" + provider.base_url + (provider.isolated ? "\nprocess" : "");
}

} // namespace

ProviderPool::ProviderPool(const plugins::HostServices& services, const ProviderPool& previous,
                           const registry::ProviderRegistry& registry)
    : services_(services) {
    std::lock_guard lock(previous.mutex_);
    for (const auto& [key, entry] : previous.instances_) {
        try {
            const auto provider = registry.resolve(entry.id);
            if (key_of(provider) != key || !provider.file || provider.file->path != entry.plugin_path) continue;
            if (registry::provider_config_json(provider) != entry.config_json) continue;
            instances_.emplace(key, entry);
        } catch (const std::exception&) {
            // Gone from the configuration, or no longer valid: not carried over.
        }
    }
}

plugins::ProviderInstance& ProviderPool::get(const registry::ProviderDefinition& provider) {
    const std::string key = key_of(provider);
    std::lock_guard lock(mutex_);
    if (auto it = instances_.find(key); it != instances_.end()) return *it->second.instance;
    if (!provider.file)
        throw plugins::PluginLoadError(
            "provider '" + provider.id + "' is implemented by the '" + provider.plugin +
            "' plugin, which is not installed in any plugin directory (see `llmhost plugins`)");
    const auto& plugin = provider.isolated ? plugins::load_isolated_plugin(*provider.file, services_)
                                           : plugins::load_plugin(*provider.file, services_);
    std::string config_json = registry::provider_config_json(provider);
    std::shared_ptr<plugins::ProviderInstance> instance = plugin.create(provider.id, config_json);
    return *instances_
                .emplace(key, Entry{std::move(instance), provider.id, provider.file->path, std::move(config_json)})
                .first->second.instance;
}

} // namespace llmhost::reliability
