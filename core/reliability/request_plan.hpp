// One request's plan, made the same way by the CLI and the gateway: the provider and model
// it selected, that provider's plugin loaded (so a plugin that cannot work is reported as
// such, not as a missing key), and the options the attempt loop may try, in order.
#pragma once

#include "core/config/config.hpp"
#include "core/registry/provider_registry.hpp"
#include "core/registry/selection.hpp"
#include "core/reliability/attempt_plan.hpp"
#include "core/reliability/provider_pool.hpp"

#include <vector>

namespace llmhost::reliability {

struct RequestPlan {
    registry::Selection selection;
    std::vector<Option> options;
};

// Throws what loading the plugin and planning throw (PluginLoadError, CredentialError, ...).
RequestPlan plan_request(registry::Selection selection, const config::Config& config,
                         const registry::ProviderRegistry& registry, ProviderPool& pool);

} // namespace llmhost::reliability
