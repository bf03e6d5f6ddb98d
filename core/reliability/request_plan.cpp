#include "core/reliability/request_plan.hpp"

namespace llmhost::reliability {

RequestPlan plan_request(registry::Selection selection, const config::Config& config,
                         const registry::ProviderRegistry& registry, ProviderPool& pool) {
    RequestPlan plan{std::move(selection), {}};
    pool.get(plan.selection.provider);
    plan.options = build_plan(plan.selection, config, registry);
    return plan;
}

} // namespace llmhost::reliability
