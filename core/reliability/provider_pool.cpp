#include "core/reliability/provider_pool.hpp"

#include "core/registry/provider_config_json.hpp"

namespace llmhost::reliability {

plugins::ProviderInstance& ProviderPool::get(const registry::ProviderDefinition& provider) {
    // Keyed by id and base URL: `custom:<URL>` selectors share the id "custom".
    const std::string key = provider.id + "\n" + provider.base_url;
    std::lock_guard lock(mutex_);
    if (auto it = instances_.find(key); it != instances_.end()) return *it->second;
    if (!provider.file)
        throw plugins::PluginLoadError(
            "provider '" + provider.id + "' is implemented by the '" + provider.plugin +
            "' plugin, which is not installed in any plugin directory (see `llmhost plugins`)");
    const auto& plugin = plugins::load_plugin(*provider.file, services_);
    auto instance = plugin.create(provider.id, registry::provider_config_json(provider));
    return *instances_.emplace(key, std::move(instance)).first->second;
}

} // namespace llmhost::reliability
