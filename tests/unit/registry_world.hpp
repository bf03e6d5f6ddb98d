// A small registry for selection and planning tests: the openai family, anthropic, mock and
// a prefix family, built from metadata alone; plus a scoped environment.
#pragma once

#include "core/config/config.hpp"
#include "core/registry/selection.hpp"

#include <cstdlib>

namespace llmhost::testing {

inline plugins::ProviderMetadata provider(std::string id, std::vector<std::string> aliases, std::string model,
                                          std::vector<std::string> keys, bool keyless = false,
                                          std::vector<std::string> prefixes = {}) {
    plugins::ProviderMetadata p;
    p.id = std::move(id);
    p.aliases = std::move(aliases);
    p.default_model = std::move(model);
    p.key_env = std::move(keys);
    p.keyless = keyless;
    p.prefixes = std::move(prefixes);
    p.base_url = "https://" + p.id + ".example/v1";
    return p;
}

inline plugins::PluginFile plugin(std::string name, std::vector<plugins::ProviderMetadata> providers) {
    plugins::PluginFile f;
    f.path = "/plugins/llmhost-" + name + ".so";
    f.status = plugins::PluginStatus::ok;
    plugins::PluginMetadata m;
    m.abi_major = 1;
    m.name = std::move(name);
    m.version = "1";
    m.providers = std::move(providers);
    f.metadata = std::move(m);
    return f;
}

// A world with the openai family, anthropic, mock and a prefix family.
struct World {
    config::Config config;
    plugins::PluginCatalog catalog{{
        plugin("openai",
               {provider("openai", {}, "gpt-4o", {"OPENAI_API_KEY"}), provider("groq", {}, "llama", {"GROQ_API_KEY"}),
                provider("xai", {"grok"}, "grok-3", {"XAI_API_KEY"}),
                provider("qwen", {}, "qwen-max", {"DASHSCOPE_API_KEY"}, false, {"qwen-"})}),
        plugin("anthropic", {provider("anthropic", {"claude"}, "claude-sonnet-4-5", {"ANTHROPIC_API_KEY"})}),
        plugin("mock", {provider("mock", {}, "mock-echo", {}, true)}),
    }};
    registry::ProviderRegistry registry{config, catalog};

    explicit World(const std::string& toml = "") {
        if (!toml.empty()) config = config::parse_config(toml, "t.toml");
    }
    registry::Selection select(const std::string& p, const std::string& m) {
        return registry::select_provider({p, m}, registry, config);
    }
};

// Scoped environment for one case.
struct Env {
    std::vector<std::string> names;
    Env(std::initializer_list<std::pair<const char*, const char*>> vars) {
        for (const char* n : {"LLMHOST_PROVIDER", "LLMHOST_MODEL", "OPENAI_API_KEY", "ANTHROPIC_API_KEY",
                              "GROQ_API_KEY", "XAI_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY", "OPENROUTER_API_KEY"})
            unsetenv(n);
        for (auto [k, v] : vars) {
            setenv(k, v, 1);
            names.push_back(k);
        }
    }
    ~Env() {
        for (const auto& n : names)
            unsetenv(n.c_str());
    }
};

} // namespace llmhost::testing
