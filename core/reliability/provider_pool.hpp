// Provider instances by id, created on first use: the selected provider's plugin is loaded
// only when an attempt needs it, and a fallback's only if the request falls back to it.
// Thread-safe; instances live as long as the pool (the whole process for the CLI), or, in the
// gateway, as long as some configuration that still configures them the same way.
#pragma once

#include "core/plugins/host_services.hpp"
#include "core/plugins/plugin_loader.hpp"
#include "core/registry/provider_registry.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace llmhost::reliability {

class ProviderPool {
  public:
    explicit ProviderPool(const plugins::HostServices& services) : services_(services) {}

    // A pool for a reloaded configuration: it starts with the instances of `previous` whose
    // provider `registry` still resolves to the same plugin file and the same configuration,
    // so that they keep their connections and caches; the others are made again on first use.
    ProviderPool(const plugins::HostServices& services, const ProviderPool& previous,
                 const registry::ProviderRegistry& registry);

    // Loads the plugin and creates the instance the first time; throws
    // plugins::PluginLoadError or llmhost::Error (configuration refused by the plugin).
    plugins::ProviderInstance& get(const registry::ProviderDefinition& provider);

  private:
    struct Entry {
        std::shared_ptr<plugins::ProviderInstance> instance; // shared with the pools it was carried into
        std::string id;
        std::string plugin_path;
        std::string config_json; // what it was created with
    };

    const plugins::HostServices& services_;
    mutable std::mutex mutex_;
    std::map<std::string, Entry> instances_; // by id and base URL
};

} // namespace llmhost::reliability
