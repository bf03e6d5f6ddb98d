#include "core/gateway/request_plans.hpp"

#include <mutex>

namespace llmhost::gateway {

std::shared_ptr<const RequestPlan> RequestPlans::find(std::string_view model) const {
    std::shared_lock lock(mutex_);
    const auto it = plans_.find(model);
    return it == plans_.end() ? nullptr : it->second;
}

std::shared_ptr<const RequestPlan> RequestPlans::remember(std::string_view model, RequestPlan plan) {
    auto shared = std::make_shared<const RequestPlan>(std::move(plan));
    std::unique_lock lock(mutex_);
    if (plans_.size() >= max_models) plans_.clear(); // many distinct names: start over rather than grow
    plans_.insert_or_assign(std::string(model), shared);
    return shared;
}

} // namespace llmhost::gateway
