// The one place that decides retries, key rotation, waits and fallbacks, from the typed
// errors plugins return. Used by the CLI and the gateway alike.
#pragma once

#include "core/reliability/attempt_plan.hpp"
#include "core/reliability/clock.hpp"
#include "core/reliability/health_state.hpp"

#include <llmhost/error.hpp>

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace llmhost::reliability {

struct AttemptRecord {
    std::string provider;
    std::string model;
    int key_index = 0;       // which of the option's keys (never the key itself)
    std::string status;      // "ok", "error" or "skipped"
    std::string error_class; // error_class_name(), "" when ok
    int64_t delay_ms = 0;    // waited before this attempt
    int http_status = 0;
    std::string message; // why it failed or was skipped
};

// Where in a plan a request was served: the option and which of its keys.
struct PlanPosition {
    size_t option = 0;
    size_t key = 0;
};

struct LoopResult {
    bool ok = false;
    std::optional<Error> error; // the final error when !ok
    std::vector<AttemptRecord> attempts;
    const Option* served_by = nullptr;
    PlanPosition served_at; // when ok
};

class AttemptLoop {
  public:
    // Performs one attempt; throws llmhost::Error on failure.
    using AttemptFn = std::function<void(const Option& option, const std::string& key, int key_index)>;

    AttemptLoop(Clock& clock, HealthState& health, const std::atomic<bool>* cancel = nullptr)
        : clock_(clock), health_(health), cancel_(cancel) {}

    // Called after every attempt (for -v logs and metrics).
    void on_attempt(std::function<void(const AttemptRecord&)> observer) { observer_ = std::move(observer); }

    // `committed` says whether output already reached the user; after that a failure ends
    // the request instead of retrying (no duplicated text). `start`, when given, is tried
    // first (its option, from its key on) while it is usable — a session's earlier choice,
    // so that provider-side prompt caches keep hitting — and the plan in order after it.
    LoopResult run(const std::vector<Option>& plan, const AttemptFn& attempt, const std::function<bool()>& committed,
                   const PlanPosition* start = nullptr);

  private:
    void record(LoopResult& result, AttemptRecord rec);

    Clock& clock_;
    HealthState& health_;
    const std::atomic<bool>* cancel_;
    std::function<void(const AttemptRecord&)> observer_;
};

} // namespace llmhost::reliability
