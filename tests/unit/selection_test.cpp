// Provider and model selection: every precedence rule and selector form, table-driven.
#include "core/registry/credentials.hpp"
#include "unit/registry_world.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>

using namespace llmhost;

using namespace llmhost::testing;

BOOST_AUTO_TEST_CASE(precedence_table) {
    struct Case {
        std::string name, toml, flag_p, flag_m;
        std::vector<std::pair<const char*, const char*>> env;
        std::string provider, model;
    };
    const std::string defaults = "default_provider = \"groq\"\ndefault_model = \"cfg-model\"\n";
    const std::vector<Case> cases{
        {"-p wins over everything", defaults, "xai", "", {{"LLMHOST_PROVIDER", "openai"}}, "xai", "cfg-model"},
        {"LLMHOST_PROVIDER over config", defaults, "", "", {{"LLMHOST_PROVIDER", "openai"}}, "openai", "cfg-model"},
        {"default_provider", defaults, "", "", {}, "groq", "cfg-model"},
        {"-m over LLMHOST_MODEL", defaults, "", "m1", {{"LLMHOST_MODEL", "m2"}}, "groq", "m1"},
        {"LLMHOST_MODEL over default_model", defaults, "", "", {{"LLMHOST_MODEL", "m2"}}, "groq", "m2"},
        {"provider default model last", "", "anthropic", "", {}, "anthropic", "claude-sonnet-4-5"},
        {"auto-detect in documented order",
         "",
         "",
         "",
         {{"OPENAI_API_KEY", "x"}, {"ANTHROPIC_API_KEY", "y"}},
         "anthropic",
         "claude-sonnet-4-5"},
        {"auto-detect second", "", "", "", {{"GROQ_API_KEY", "x"}}, "groq", "llama"},
        {"-m provider/model", "", "", "openai/gpt-4o-mini", {}, "openai", "gpt-4o-mini"},
        {"-m alias/model", "", "", "grok/grok-4", {}, "xai", "grok-4"},
        {"-m provider alone", "", "", "anthropic", {}, "anthropic", "claude-sonnet-4-5"},
        {"-m with slash but unknown prefix is a model",
         "",
         "groq",
         "meta-llama/Llama-3",
         {},
         "groq",
         "meta-llama/Llama-3"},
        {"-p given: -m whole string is the model", "", "groq", "openai/gpt-4o", {}, "groq", "openai/gpt-4o"},
        {"alias selects the id", "", "claude", "", {}, "anthropic", "claude-sonnet-4-5"},
        {"prefix family", "", "qwen-intl", "", {}, "qwen-intl", "qwen-max"},
        {"route by model prefix",
         "[[model_routes]]\nhint = \"claude-\"\nprovider = \"anthropic\"\n",
         "",
         "claude-haiku",
         {},
         "anthropic",
         "claude-haiku"},
        {"route rewrites the model",
         "[[model_routes]]\nhint = \"fast\"\nprovider = \"mock\"\nmodel = \"mock-fast\"\n",
         "",
         "fast-one",
         {},
         "mock",
         "mock-fast"},
        {"hint:<name>",
         "[[model_routes]]\nhint = \"fast\"\nprovider = \"mock\"\nmodel = \"mock-fast\"\n",
         "",
         "hint:fast",
         {},
         "mock",
         "mock-fast"},
        {"longest route hint wins",
         "[[model_routes]]\nhint = \"c\"\nprovider = \"groq\"\n[[model_routes]]\nhint = \"claude-\"\nprovider = "
         "\"anthropic\"\n",
         "",
         "claude-x",
         {},
         "anthropic",
         "claude-x"},
        {"route below LLMHOST_PROVIDER",
         "[[model_routes]]\nhint = \"claude-\"\nprovider = \"anthropic\"\n",
         "",
         "claude-x",
         {{"LLMHOST_PROVIDER", "groq"}},
         "groq",
         "claude-x"},
        {"route above default_provider",
         "default_provider = \"groq\"\n[[model_routes]]\nhint = \"claude-\"\nprovider = \"anthropic\"\n",
         "",
         "claude-x",
         {},
         "anthropic",
         "claude-x"},
        {"custom:<URL>", "", "custom:http://localhost:8000/v1", "m", {}, "custom", "m"},
        {"config id overrides a built-in",
         "[providers.groq]\nbase_url = \"http://mirror/v1\"\n",
         "groq",
         "",
         {},
         "groq",
         "llama"},
        {"config-only id",
         "[providers.local]\nbase_url = \"http://h/v1\"\ndefault_model = \"lm\"\n",
         "local",
         "",
         {},
         "local",
         "lm"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.name) {
            Env env(std::initializer_list<std::pair<const char*, const char*>>{});
            for (auto [k, v] : c.env)
                setenv(k, v, 1);
            World w(c.toml);
            const auto s = w.select(c.flag_p, c.flag_m);
            BOOST_TEST(s.provider.id == c.provider);
            BOOST_TEST(s.model == c.model);
            for (auto [k, v] : c.env)
                unsetenv(k);
        }
    }
}

BOOST_AUTO_TEST_CASE(custom_urls_and_overrides_carry_their_base_url) {
    Env env{};
    World w("[providers.groq]\nbase_url = \"http://mirror/v1\"\n");
    BOOST_TEST(w.select("custom:http://localhost:8000/v1", "m").provider.base_url == "http://localhost:8000/v1");
    BOOST_TEST(w.select("groq", "").provider.base_url == "http://mirror/v1");
    BOOST_TEST(w.select("groq", "").provider.source == "config");
    BOOST_TEST(w.select("anthropic-custom:http://h:1", "m").provider.plugin == "anthropic");
}

BOOST_AUTO_TEST_CASE(zeroclaw_custom_endpoint_with_a_top_level_key) {
    // The shape ZeroClaw documents for its custom endpoints, as it writes it.
    Env env{{"ZC_GATEWAY_KEY", "zc-secret"}};
    for (const std::string prefix : {"custom:", "anthropic-custom:"}) {
        World w("default_provider = \"" + prefix +
                "https://llm.example.com/v1\"\napi_key = \"${ZC_GATEWAY_KEY}\"\n"
                "default_model = \"some-model\"\n");
        const auto s = w.select("", "");
        BOOST_TEST(s.provider.base_url == "https://llm.example.com/v1", prefix);
        BOOST_TEST(s.provider.plugin == (prefix == "custom:" ? "openai" : "anthropic"), prefix);
        BOOST_TEST(s.model == "some-model", prefix);
        BOOST_TEST(registry::require_key(s.provider).value == "zc-secret", prefix);
    }
}

BOOST_AUTO_TEST_CASE(errors_say_what_to_do) {
    Env env{};
    World w;
    auto message = [&](const std::string& p, const std::string& m) {
        try {
            w.select(p, m);
        } catch (const registry::SelectionError& e) {
            return std::string(e.what());
        }
        return std::string("(no error)");
    };
    BOOST_TEST(message("gorq", "").find("closest known ids: groq") != std::string::npos, message("gorq", ""));
    BOOST_TEST(message("", "").find("LLMHOST_PROVIDER") != std::string::npos);
    BOOST_TEST(message("", "hint:nope").find("no [[model_routes]] entry has hint 'nope'") != std::string::npos);
    BOOST_TEST(message("custom:", "m").find("needs a URL") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(key_resolution_order) {
    Env env{};
    World w("[providers.groq]\napi_key_env = \"MY_GROQ\"\n[providers.local]\nbase_url = \"http://h\"\n"
            "[providers.lit]\nbase_url = \"http://h\"\napi_key = \"${LIT_KEY}\"\n");
    const auto groq = w.registry.resolve("groq");
    BOOST_TEST((registry::key_variables(groq) == std::vector<std::string>{"MY_GROQ", "GROQ_API_KEY"}));
    setenv("GROQ_API_KEY", "from-documented", 1);
    BOOST_TEST(registry::resolve_key(groq).value == "from-documented");
    setenv("MY_GROQ", "from-api_key_env", 1);
    BOOST_TEST(registry::resolve_key(groq).value == "from-api_key_env");
    BOOST_TEST(registry::resolve_key(groq, "${MY_GROQ}-route").value == "from-api_key_env-route");
    unsetenv("MY_GROQ");
    unsetenv("GROQ_API_KEY");

    // A config-defined provider with no key setting is keyless unless <ID>_API_KEY is set.
    const auto local = w.registry.resolve("local");
    BOOST_TEST(local.keyless);
    BOOST_TEST(registry::require_key(local).value.empty());
    setenv("LOCAL_API_KEY", "conv", 1);
    BOOST_TEST(registry::require_key(local).value == "conv");
    unsetenv("LOCAL_API_KEY");

    // api_key with ${VAR}: an unset variable is an error naming it, only when used.
    try {
        registry::require_key(w.registry.resolve("lit"));
        BOOST_FAIL("expected an error");
    } catch (const config::ConfigError& e) {
        BOOST_TEST(std::string(e.what()).find("LIT_KEY") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(missing_keys_name_every_variable_tried) {
    Env env{};
    World w("[providers.groq]\napi_key_env = \"MY_GROQ\"\nenv_key_instructions = \"Get one at console.groq.com\"\n");
    try {
        registry::require_key(w.registry.resolve("groq"));
        BOOST_FAIL("expected a CredentialError");
    } catch (const registry::CredentialError& e) {
        const std::string msg = e.what();
        BOOST_TEST(msg.find("MY_GROQ, GROQ_API_KEY") != std::string::npos, msg);
        BOOST_TEST(msg.find("Get one at console.groq.com") != std::string::npos, msg);
    }
    BOOST_TEST(registry::convention_key_variable("my-host.v2") == "MY_HOST_V2_API_KEY");
}
