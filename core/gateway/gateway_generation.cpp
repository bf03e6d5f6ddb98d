#include "core/gateway/gateway_generation.hpp"

namespace llmhost::gateway {

namespace {

reliability::ProviderPool pool_for(const plugins::HostServices& services, const GatewayGeneration* previous,
                                   const registry::ProviderRegistry& registry) {
    if (!previous) return reliability::ProviderPool(services);
    return reliability::ProviderPool(services, previous->pool, registry);
}

} // namespace

GatewayGeneration::GatewayGeneration(config::Config config_, plugins::PluginCatalog plugins_,
                                     const std::vector<std::string>& api_keys, const plugins::HostServices& services,
                                     const GatewayGeneration* previous)
    : config(std::move(config_)), plugins(std::move(plugins_)), registry(config, plugins), client_keys(api_keys),
      pool(pool_for(services, previous, registry)) {}

} // namespace llmhost::gateway
