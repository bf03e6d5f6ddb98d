// What a reload replaces (SIGHUP, `llmhost reload`): the configuration, the plugins found in
// the plugin directories, the providers they make, the keys clients must present, and what the
// gateway builds from those — provider instances and request plans. A request takes the
// current generation when it starts and holds it until it ends, so a reload never changes a
// request in flight, and the old generation goes when its last request does.
#pragma once

#include "core/config/config.hpp"
#include "core/gateway/client_keys.hpp"
#include "core/gateway/request_plans.hpp"
#include "core/plugins/discovery.hpp"
#include "core/plugins/host_services.hpp"
#include "core/registry/provider_registry.hpp"
#include "core/reliability/provider_pool.hpp"

#include <string>
#include <vector>

namespace llmhost::gateway {

struct GatewayGeneration {
    // `previous` (may be null) lends the instances of providers configured the same way.
    GatewayGeneration(config::Config config, plugins::PluginCatalog plugins, const std::vector<std::string>& api_keys,
                      const plugins::HostServices& services, const GatewayGeneration* previous);
    GatewayGeneration(const GatewayGeneration&) = delete;
    GatewayGeneration& operator=(const GatewayGeneration&) = delete;

    const config::Config config;
    const plugins::PluginCatalog plugins;
    const registry::ProviderRegistry registry; // over config and plugins above
    const ClientKeys client_keys;
    // Caches filled as requests come; a generation is otherwise read-only.
    mutable reliability::ProviderPool pool;
    mutable RequestPlans plans;
};

} // namespace llmhost::gateway
