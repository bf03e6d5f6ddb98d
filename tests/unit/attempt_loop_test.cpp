// The attempt loop's decisions, with an injected clock (no sleeping) and scripted outcomes.
#include "core/reliability/attempt_loop.hpp"
#include "core/reliability/retry_policy.hpp"

#include <boost/test/unit_test.hpp>

#include <deque>

using namespace llmhost;
using namespace llmhost::reliability;

namespace {

class FakeClock final : public Clock {
  public:
    int64_t now = 1'000'000;
    std::vector<int64_t> sleeps;
    double jitter = 0.0;
    int64_t now_ms() override { return now; }
    int64_t wall_ms() override { return now; }
    bool sleep_ms(int64_t ms, const std::atomic<bool>* cancel) override {
        sleeps.push_back(ms);
        now += ms;
        return !(cancel && *cancel);
    }
    double random_unit() override { return jitter; }
};

Option option(const std::string& id, std::vector<std::string> keys = {"k0"}, int retries = 2, int64_t backoff = 500) {
    Option o;
    o.provider.id = id;
    o.model = "m";
    o.keys = std::move(keys);
    o.retries = retries;
    o.backoff_ms = backoff;
    return o;
}

// Each attempt pops the next scripted outcome: an error class (with retry-after), or OK.
struct Script {
    struct Step {
        llmh_error_class cls;
        int64_t retry_after = -1;
    };
    std::deque<Step> steps;
    std::vector<std::string> seen; // "provider:key"
    AttemptLoop::AttemptFn fn() {
        return [this](const Option& o, const std::string& key, int) {
            seen.push_back(o.provider.id + ":" + key);
            if (steps.empty()) return;
            auto s = steps.front();
            steps.pop_front();
            if (s.cls != LLMH_OK)
                throw Error(s.cls, "scripted " + std::string(error_class_name(s.cls)), 0, s.retry_after);
        };
    }
};

struct Fixture {
    FakeClock clock;
    HealthState health;
    AttemptLoop loop{clock, health};
    Script script;
    LoopResult run(const std::vector<Option>& plan, std::function<bool()> committed = {}) {
        return loop.run(plan, script.fn(), committed);
    }
};

} // namespace

BOOST_FIXTURE_TEST_CASE(transient_errors_are_retried_with_doubling_backoff, Fixture) {
    script.steps = {{LLMH_ERR_SERVER}, {LLMH_ERR_NETWORK}, {LLMH_OK}};
    const auto r = run({option("a")});
    BOOST_TEST(r.ok);
    BOOST_TEST(r.attempts.size() == 3u);
    BOOST_TEST((clock.sleeps == std::vector<int64_t>{375, 750})); // 500*2^n * 0.75 (jitter 0)
    BOOST_TEST(r.attempts[2].delay_ms == 750);
}

BOOST_FIXTURE_TEST_CASE(backoff_is_jittered_and_capped, Fixture) {
    BOOST_TEST(backoff_ms(500, 0, 0.0, max_wait_ms) == 375);
    BOOST_TEST(backoff_ms(500, 0, 0.999, max_wait_ms) == 499);
    BOOST_TEST(backoff_ms(500, 3, 0.5, max_wait_ms) == 3500);
    BOOST_TEST(backoff_ms(500, 10, 0.5, max_wait_ms) == max_wait_ms);
}

BOOST_FIXTURE_TEST_CASE(every_retryable_class_is_retried, Fixture) {
    for (auto cls : {LLMH_ERR_NETWORK, LLMH_ERR_TIMEOUT, LLMH_ERR_SERVER, LLMH_ERR_OVERLOADED,
                     LLMH_ERR_MALFORMED_RESPONSE, LLMH_ERR_RATE_LIMITED}) {
        script = {};
        script.steps = {{cls}, {LLMH_OK}};
        HealthState fresh;
        AttemptLoop l(clock, fresh);
        BOOST_TEST(l.run({option("a")}, script.fn(), {}).ok, error_class_name(cls));
        BOOST_TEST(script.seen.size() == 2u, error_class_name(cls));
    }
}

BOOST_FIXTURE_TEST_CASE(provider_retries_zero_means_one_attempt, Fixture) {
    script.steps = {{LLMH_ERR_SERVER}, {LLMH_OK}};
    const auto r = run({option("a", {"k0"}, 0)});
    BOOST_TEST(!r.ok);
    BOOST_TEST(r.attempts.size() == 1u);
    BOOST_TEST(r.error->error_class() == LLMH_ERR_SERVER);
}

BOOST_FIXTURE_TEST_CASE(retry_after_is_honoured_instead_of_backoff, Fixture) {
    script.steps = {{LLMH_ERR_RATE_LIMITED, 2500}, {LLMH_OK}};
    BOOST_TEST(run({option("a")}).ok);
    BOOST_TEST((clock.sleeps == std::vector<int64_t>{2500}));
}

BOOST_FIXTURE_TEST_CASE(a_wait_longer_than_the_cap_skips_to_the_fallback_and_cools_down, Fixture) {
    script.steps = {{LLMH_ERR_RATE_LIMITED, 60'000}, {LLMH_OK}};
    const auto r = run({option("a"), option("b", {"kb"})});
    BOOST_TEST(r.ok);
    BOOST_TEST(clock.sleeps.empty());
    BOOST_TEST((script.seen == std::vector<std::string>{"a:k0", "b:kb"}));
    // The next request in this process skips `a` while it cools down.
    script.seen.clear();
    const auto again = run({option("a"), option("b", {"kb"})});
    BOOST_TEST((script.seen == std::vector<std::string>{"b:kb"}));
    BOOST_TEST(again.attempts[0].status == "skipped");
}

BOOST_FIXTURE_TEST_CASE(rate_limited_key_rotates_without_waiting_and_stays_skipped, Fixture) {
    script.steps = {{LLMH_ERR_RATE_LIMITED, 5000}, {LLMH_OK}};
    BOOST_TEST(run({option("a", {"k0", "k1"})}).ok);
    BOOST_TEST((script.seen == std::vector<std::string>{"a:k0", "a:k1"}));
    BOOST_TEST(clock.sleeps.empty());
    // Within the process, k0 is skipped until its Retry-After has passed...
    script.seen.clear();
    run({option("a", {"k0", "k1"})});
    BOOST_TEST((script.seen == std::vector<std::string>{"a:k1"}));
    // ...and used again afterwards.
    clock.now += 6000;
    script.seen.clear();
    run({option("a", {"k0", "k1"})});
    BOOST_TEST((script.seen == std::vector<std::string>{"a:k0"}));
}

BOOST_FIXTURE_TEST_CASE(quota_and_auth_failures_rotate_keys_then_fall_back, Fixture) {
    script.steps = {{LLMH_ERR_QUOTA_EXHAUSTED}, {LLMH_ERR_AUTHENTICATION}, {LLMH_OK}};
    const auto r = run({option("a", {"k0", "k1"}), option("b", {"kb"})});
    BOOST_TEST(r.ok);
    BOOST_TEST((script.seen == std::vector<std::string>{"a:k0", "a:k1", "b:kb"}));
    BOOST_TEST(clock.sleeps.empty()); // quota is not a rate limit: no waiting
    BOOST_TEST(r.attempts[1].key_index == 1);
}

BOOST_FIXTURE_TEST_CASE(non_retryable_errors_move_to_the_fallback_at_once, Fixture) {
    for (auto cls : {LLMH_ERR_BAD_REQUEST, LLMH_ERR_NOT_FOUND, LLMH_ERR_CONTEXT_LENGTH, LLMH_ERR_AUTHENTICATION,
                     LLMH_ERR_PERMISSION}) {
        script = {};
        script.steps = {{cls}, {LLMH_OK}};
        HealthState fresh;
        AttemptLoop l(clock, fresh);
        const auto r = l.run({option("a"), option("b", {"kb"})}, script.fn(), {});
        BOOST_TEST(r.ok, error_class_name(cls));
        BOOST_TEST((script.seen == std::vector<std::string>{"a:k0", "b:kb"}), error_class_name(cls));
    }
}

BOOST_FIXTURE_TEST_CASE(the_last_error_is_reported_when_everything_fails, Fixture) {
    script.steps = {{LLMH_ERR_SERVER}, {LLMH_ERR_SERVER}, {LLMH_ERR_RATE_LIMITED, 100}, {LLMH_ERR_RATE_LIMITED, 100}};
    const auto r = run({option("a", {"k0"}, 1), option("b", {"kb"}, 1)});
    BOOST_TEST(!r.ok);
    BOOST_TEST(r.error->error_class() == LLMH_ERR_RATE_LIMITED);
    BOOST_TEST(r.attempts.size() == 4u);
}

BOOST_FIXTURE_TEST_CASE(failures_after_output_are_final, Fixture) {
    script.steps = {{LLMH_ERR_SERVER}, {LLMH_OK}};
    const auto r = run({option("a"), option("b")}, [] { return true; });
    BOOST_TEST(!r.ok);
    BOOST_TEST(script.seen.size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(stop_classes_end_the_request, Fixture) {
    script.steps = {{LLMH_ERR_INVALID_CONFIG}, {LLMH_OK}};
    const auto r = run({option("a"), option("b")});
    BOOST_TEST(!r.ok);
    BOOST_TEST(r.error->error_class() == LLMH_ERR_INVALID_CONFIG);
}

BOOST_FIXTURE_TEST_CASE(a_plugin_failure_is_retried_like_a_server_error, Fixture) {
    script.steps = {{LLMH_ERR_PLUGIN_INTERNAL}, {LLMH_OK}};
    const auto r = run({option("a"), option("b")});
    BOOST_TEST(r.ok);
    BOOST_TEST(script.seen.size() == 2u);
}

BOOST_FIXTURE_TEST_CASE(cancellation_interrupts_a_wait, Fixture) {
    std::atomic<bool> cancel{false};
    AttemptLoop l(clock, health, &cancel);
    script.steps = {{LLMH_ERR_SERVER}, {LLMH_OK}};
    auto fn = script.fn();
    const auto r = l.run({option("a")},
                         [&](const Option& o, const std::string& k, int i) {
                             cancel = true; // Ctrl-C during the first attempt
                             fn(o, k, i);
                         },
                         {});
    BOOST_TEST(!r.ok);
    BOOST_TEST(r.error->error_class() == LLMH_ERR_CANCELLED);
}

BOOST_FIXTURE_TEST_CASE(options_without_keys_are_skipped_with_a_reason, Fixture) {
    auto no_key = option("a", {});
    no_key.skip_reason = "no API key for 'a'";
    script.steps = {{LLMH_OK}};
    const auto r = run({no_key, option("b", {"kb"})});
    BOOST_TEST(r.ok);
    BOOST_TEST(r.attempts[0].status == "skipped");
    BOOST_TEST(r.attempts[0].message == "no API key for 'a'");
}

// ---- session affinity: a start position, and where a request was served -------------------

BOOST_FIXTURE_TEST_CASE(a_start_position_is_tried_first_then_the_plan_in_order, Fixture) {
    const std::vector<Option> plan{option("a", {"a0"}, 0), option("b", {"b0", "b1"}, 0), option("c", {"c0"}, 0)};
    script.steps = {{LLMH_ERR_SERVER}, {LLMH_ERR_SERVER}, {LLMH_OK}};
    const PlanPosition start{1, 1};
    const auto r = loop.run(plan, script.fn(), {}, &start);
    BOOST_TEST(r.ok);
    BOOST_TEST(script.seen == (std::vector<std::string>{"b:b1", "a:a0", "c:c0"}), boost::test_tools::per_element());
    BOOST_TEST(r.served_at.option == 2u);
    BOOST_TEST(r.served_at.key == 0u);
}

BOOST_FIXTURE_TEST_CASE(a_start_that_is_not_usable_gives_way_to_the_plan, Fixture) {
    const std::vector<Option> plan{option("a", {"a0"}, 0), option("b", {"b0", "b1"}, 0)};
    health.block_key("b1", clock.now + 60'000); // the session's key is rate limited now
    const PlanPosition start{1, 1};
    auto r = loop.run(plan, script.fn(), {}, &start);
    BOOST_TEST(r.ok);
    BOOST_TEST(script.seen == (std::vector<std::string>{"b:b0"}), boost::test_tools::per_element());
    BOOST_TEST(r.served_at.option == 1u);
    BOOST_TEST(r.served_at.key == 0u);

    script.seen.clear();
    health.cool_provider("b", clock.now + 60'000); // and now the whole provider
    r = loop.run(plan, script.fn(), {}, &start);
    BOOST_TEST(script.seen == (std::vector<std::string>{"a:a0"}), boost::test_tools::per_element());
    BOOST_TEST(r.served_at.option == 0u);

    script.seen.clear();
    const PlanPosition beyond{7, 3}; // a plan that shrank since: start from the top
    r = loop.run(plan, script.fn(), {}, &beyond);
    BOOST_TEST(script.seen == (std::vector<std::string>{"a:a0"}), boost::test_tools::per_element());
}
