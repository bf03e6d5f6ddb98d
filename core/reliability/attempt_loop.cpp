#include "core/reliability/attempt_loop.hpp"

#include "core/reliability/retry_policy.hpp"

#include <set>

namespace llmhost::reliability {
namespace {

bool cancelled(const std::atomic<bool>* flag) { return flag && flag->load(std::memory_order_relaxed); }

std::string seconds(int64_t ms) { return std::to_string((ms + 999) / 1000) + " s"; }

} // namespace

void AttemptLoop::record(LoopResult& result, AttemptRecord rec) {
    if (observer_) observer_(rec);
    result.attempts.push_back(std::move(rec));
}

LoopResult AttemptLoop::run(const std::vector<Option>& plan, const AttemptFn& attempt,
                            const std::function<bool()>& committed, const PlanPosition* start) {
    LoopResult result;
    std::optional<Error> last;
    auto skip = [&](const Option& o, const std::string& why, llmh_error_class cls) {
        record(result, {o.provider.id, o.model, 0, "skipped", std::string(error_class_name(cls)), 0, 0, why});
        if (!last || cls == LLMH_ERR_RATE_LIMITED) last = Error(cls, o.provider.id + ": " + why);
    };

    const size_t first_option = start && start->option < plan.size() ? start->option : 0;
    for (size_t step = 0; step < plan.size(); ++step) {
        // The starting option first, then the plan in order without it.
        const size_t index = step == 0 ? first_option : step - (step <= first_option ? 1 : 0);
        const Option& option = plan[index];
        const size_t first_key = start && index == first_option ? start->key : 0;
        if (!option.skip_reason.empty()) {
            skip(option, option.skip_reason, LLMH_ERR_MISSING_CREDENTIALS);
            continue;
        }
        if (int64_t until = health_.provider_cooling_until(option.provider.id, clock_.now_ms())) {
            skip(option, "cooling down after a rate limit for another " + seconds(until - clock_.now_ms()),
                 LLMH_ERR_RATE_LIMITED);
            continue;
        }

        std::set<size_t> spent_keys; // rejected or out of quota during this request
        auto usable_key = [&](size_t from) -> std::optional<size_t> {
            for (size_t n = 0; n < option.keys.size(); ++n) {
                const size_t i = (from + n) % option.keys.size();
                if (!spent_keys.count(i) && !health_.key_blocked_until(option.keys[i], clock_.now_ms())) return i;
            }
            return std::nullopt;
        };

        auto first = usable_key(option.keys.empty() ? 0 : first_key % option.keys.size());
        if (!first) { // every key is rate limited: wait for the earliest, if that is short
            int64_t earliest = 0;
            for (const auto& k : option.keys) {
                const int64_t u = health_.key_blocked_until(k, clock_.now_ms());
                earliest = earliest == 0 ? u : std::min(earliest, u);
            }
            const int64_t wait = earliest - clock_.now_ms();
            if (wait > max_wait_ms) {
                skip(option, "every key is rate limited for another " + seconds(wait), LLMH_ERR_RATE_LIMITED);
                continue;
            }
            if (!clock_.sleep_ms(wait, cancel_)) {
                result.error = Error(LLMH_ERR_CANCELLED, "interrupted");
                return result;
            }
            first = usable_key(0);
            if (!first) first = 0;
        }
        size_t key = *first;
        int64_t delay = 0;
        int retry = 0;
        for (int left = option.retries + 1; left > 0; --left) {
            try {
                attempt(option, option.keys[key], static_cast<int>(key));
                record(result, {option.provider.id, option.model, static_cast<int>(key), "ok", "", delay, 0, ""});
                result.ok = true;
                result.served_by = &option;
                result.served_at = {index, key};
                return result;
            } catch (const Error& e) {
                record(result, {option.provider.id, option.model, static_cast<int>(key), "error",
                                std::string(error_class_name(e.error_class())), delay, e.http_status(), e.what()});
                last = e;
                delay = 0;
                if (committed && committed()) break; // output already shown: end the request here
                const auto traits = classify(e.error_class());
                if (traits.verdict == Verdict::stop || cancelled(cancel_)) {
                    result.error = cancelled(cancel_) ? Error(LLMH_ERR_CANCELLED, "interrupted") : e;
                    result.attempts.back().status = "error";
                    return result;
                }
                if (traits.verdict == Verdict::next_option) break;

                // The key is at fault: remember that, and try another key straight away.
                if (traits.key_specific) {
                    if (e.error_class() == LLMH_ERR_RATE_LIMITED)
                        health_.block_key(option.keys[key],
                                          clock_.now_ms() + std::max<int64_t>(e.retry_after_ms(), 1000));
                    else
                        spent_keys.insert(key);
                    if (auto next = usable_key(key + 1); next && *next != key) {
                        key = *next;
                        continue;
                    }
                }
                if (traits.verdict == Verdict::rotate_key) break; // no other key: fall back
                if (left == 1) break;                             // budget spent

                const int64_t wait = e.retry_after_ms() >= 0
                                         ? e.retry_after_ms()
                                         : backoff_ms(option.backoff_ms, retry, clock_.random_unit(), max_wait_ms);
                if (e.retry_after_ms() > max_wait_ms) {
                    // Not worth sleeping: skip this provider and remember it in this process.
                    health_.cool_provider(option.provider.id, clock_.now_ms() + e.retry_after_ms());
                    result.attempts.back().message +=
                        " (asked to wait " + seconds(e.retry_after_ms()) + "; trying the next option instead)";
                    break;
                }
                ++retry;
                if (!clock_.sleep_ms(wait, cancel_)) {
                    result.error = Error(LLMH_ERR_CANCELLED, "interrupted");
                    return result;
                }
                delay = wait;
                if (e.error_class() == LLMH_ERR_RATE_LIMITED) key = usable_key(key).value_or(key);
            }
        }
        if (committed && committed()) break;
    }
    result.error = last ? *last : Error(LLMH_ERR_PLUGIN_INTERNAL, "no provider could be tried");
    return result;
}

} // namespace llmhost::reliability
