// The order of options a request may try, and the keys each carries.
#include "core/registry/credentials.hpp"
#include "core/reliability/attempt_plan.hpp"
#include "unit/registry_world.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::testing;

namespace {
std::vector<std::string> order(const std::vector<reliability::Option>& plan) {
    std::vector<std::string> out;
    for (const auto& o : plan)
        out.push_back(o.provider.id + "/" + o.model);
    return out;
}
} // namespace

BOOST_AUTO_TEST_CASE(models_then_providers_with_pinned_fallbacks) {
    Env env{{"OPENAI_API_KEY", "ko"}, {"GROQ_API_KEY", "kg"}, {"ANTHROPIC_API_KEY", "ka"}};
    World w("[reliability]\nfallback_providers = [\"groq\"]\nprovider_retries = 4\n"
            "[reliability.model_fallbacks]\nbig = [\"small\", \"anthropic/claude-x\"]\n");
    const auto plan = reliability::build_plan(w.select("openai", "big"), w.config, w.registry);
    BOOST_TEST((order(plan) == std::vector<std::string>{"openai/big", "groq/big", "openai/small", "groq/small",
                                                        "anthropic/claude-x"}));
    BOOST_TEST(plan[0].retries == 4);
    BOOST_TEST((plan[0].keys == std::vector<std::string>{"ko"}));
    BOOST_TEST((plan[1].keys == std::vector<std::string>{"kg"}));
}

BOOST_AUTO_TEST_CASE(a_fallback_uses_its_own_default_model_only_when_none_was_asked_for) {
    Env env{{"OPENAI_API_KEY", "ko"}, {"GROQ_API_KEY", "kg"}};
    World w("[reliability]\nfallback_providers = [\"groq\"]\n");
    BOOST_TEST((order(reliability::build_plan(w.select("openai", ""), w.config, w.registry)) ==
                std::vector<std::string>{"openai/gpt-4o", "groq/llama"}));
    BOOST_TEST((order(reliability::build_plan(w.select("openai", "gpt-4o"), w.config, w.registry)) ==
                std::vector<std::string>{"openai/gpt-4o", "groq/gpt-4o"}));
}

BOOST_AUTO_TEST_CASE(key_lists_in_rotation_order) {
    Env env{{"K1", "one"}, {"K2", "two"}, {"K3", "three"}, {"ROUTE", "route"}};
    World w("[providers.openai]\napi_key = \"${K1}\"\napi_keys = [\"${K2}\", \"${K1}\"]\n"
            "[reliability]\napi_keys = [\"${K3}\"]\n"
            "[[model_routes]]\nhint = \"r-\"\nprovider = \"openai\"\napi_key = \"${ROUTE}\"\n");
    BOOST_TEST((reliability::build_plan(w.select("openai", "m"), w.config, w.registry)[0].keys ==
                std::vector<std::string>{"one", "two", "three"}));
    BOOST_TEST((reliability::build_plan(w.select("", "r-model"), w.config, w.registry)[0].keys ==
                std::vector<std::string>{"route", "one", "two", "three"}));
}

BOOST_AUTO_TEST_CASE(missing_keys_fail_the_selected_provider_but_skip_fallbacks) {
    Env env{{"OPENAI_API_KEY", "ko"}};
    World w("[reliability]\nfallback_providers = [\"groq\", \"mock\"]\n");
    const auto plan = reliability::build_plan(w.select("openai", "m"), w.config, w.registry);
    BOOST_REQUIRE_EQUAL(plan.size(), 3u);
    BOOST_TEST(plan[1].skip_reason.find("GROQ_API_KEY") != std::string::npos, plan[1].skip_reason);
    BOOST_TEST((plan[2].keys == std::vector<std::string>{""})); // keyless
    BOOST_CHECK_THROW(reliability::build_plan(w.select("groq", "m"), w.config, w.registry), registry::CredentialError);
}
