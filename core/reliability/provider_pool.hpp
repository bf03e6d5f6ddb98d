// Provider instances by id, created on first use: the selected provider's plugin is loaded
// only when an attempt needs it, and a fallback's only if the request falls back to it.
// Thread-safe; instances live as long as the pool (the whole process for the gateway).
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

    // Loads the plugin and creates the instance the first time; throws
    // plugins::PluginLoadError or llmhost::Error (configuration refused by the plugin).
    plugins::ProviderInstance& get(const registry::ProviderDefinition& provider);

  private:
    const plugins::HostServices& services_;
    std::mutex mutex_;
    std::map<std::string, std::unique_ptr<plugins::ProviderInstance>> instances_;
};

} // namespace llmhost::reliability
