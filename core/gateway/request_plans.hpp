// The provider selection and attempt plan for a request's `model`, built once per distinct
// model string and then shared by every request that names it. Both depend only on the
// configuration and the environment, which do not change while the gateway runs; building
// them copies provider definitions and resolves keys, work a request need not repeat.
// Health (cooldowns) is not part of a plan: the attempt loop reads it at every attempt.
#pragma once

#include "core/reliability/request_plan.hpp"

#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace llmhost::gateway {

using reliability::RequestPlan;

class RequestPlans {
  public:
    // Null when `model` has not been planned yet.
    std::shared_ptr<const RequestPlan> find(std::string_view model) const;
    // Keeps `plan` for `model` (a bounded number of distinct models: clients choose them).
    std::shared_ptr<const RequestPlan> remember(std::string_view model, RequestPlan plan);

  private:
    static constexpr size_t max_models = 512;

    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    mutable std::shared_mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<const RequestPlan>, Hash, std::equal_to<>> plans_;
};

} // namespace llmhost::gateway
