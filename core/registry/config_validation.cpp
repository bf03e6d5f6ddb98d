#include "core/registry/config_validation.hpp"

namespace llmhost::registry {

std::vector<std::string> validate_config(const config::Config& config, const ProviderRegistry& registry,
                                         const plugins::PluginCatalog& catalog) {
    std::vector<std::string> problems;
    const std::string file = config.path.empty() ? "config" : config.path;
    auto check_selector = [&](const std::string& selector, const std::string& where) {
        if (selector.empty() || selector.find("${") != std::string::npos) return;
        try {
            registry.resolve(selector);
        } catch (const SelectionError& e) {
            problems.push_back(file + ": " + where + ": " + e.what());
        }
    };
    for (const auto& e : config.providers)
        if (!e.plugin.empty() && !catalog.find_plugin(e.plugin))
            problems.push_back(file + ": providers." + e.id + ".plugin: no installed plugin is named '" + e.plugin +
                               "' (see `llmhost plugins`)");
    check_selector(config.default_provider, "default_provider");
    for (size_t i = 0; i < config.model_routes.size(); ++i)
        check_selector(config.model_routes[i].provider, "model_routes[" + std::to_string(i) + "].provider");
    for (const auto& f : config.reliability.fallback_providers)
        check_selector(f, "reliability.fallback_providers");
    for (const auto& [model, list] : config.reliability.model_fallbacks)
        for (const auto& target : list) {
            const auto slash = target.find('/');
            if (slash != std::string::npos && registry.knows(target.substr(0, slash))) continue;
            (void)model; // a bare model name is valid for whichever provider serves it
        }
    return problems;
}

} // namespace llmhost::registry
