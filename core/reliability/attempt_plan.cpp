#include "core/reliability/attempt_plan.hpp"

#include "core/registry/credentials.hpp"

#include <algorithm>

namespace llmhost::reliability {
namespace {

void add_key(std::vector<std::string>& keys, const std::string& raw, const std::string& what) {
    if (raw.empty()) return;
    std::string value = config::interpolate(raw, what);
    if (!value.empty() && std::find(keys.begin(), keys.end(), value) == keys.end()) keys.push_back(std::move(value));
}

// The keys an option rotates through. The selected provider also gets [reliability] api_keys.
std::vector<std::string> keys_for(const registry::ProviderDefinition& p, const config::Config& config,
                                  const config::ModelRoute* route, bool primary) {
    std::vector<std::string> keys;
    if (route) add_key(keys, route->api_key, "model_routes api_key");
    if (p.entry) {
        add_key(keys, p.entry->api_key, "providers." + p.id + ".api_key");
        for (const auto& k : p.entry->api_keys)
            add_key(keys, k, "providers." + p.id + ".api_keys");
    }
    if (primary)
        for (const auto& k : config.reliability.api_keys)
            add_key(keys, k, "reliability.api_keys");
    if (keys.empty()) {
        auto resolved = registry::resolve_key(p);
        if (!resolved.value.empty()) keys.push_back(resolved.value);
    }
    return keys;
}

Option make_option(const registry::ProviderDefinition& p, std::string model, const config::Config& config,
                   const config::ModelRoute* route, bool primary) {
    Option o;
    o.provider = p;
    o.model = std::move(model);
    o.retries = static_cast<int>(p.entry && p.entry->provider_retries ? *p.entry->provider_retries
                                                                      : config.reliability.provider_retries);
    o.backoff_ms = p.entry && p.entry->provider_backoff_ms ? *p.entry->provider_backoff_ms
                                                           : config.reliability.provider_backoff_ms;
    o.keys = keys_for(p, config, route, primary);
    if (o.keys.empty()) {
        if (p.keyless)
            o.keys.push_back("");
        else if (primary)
            registry::require_key(p); // throws, naming every variable tried
        else
            o.skip_reason = "no API key for '" + p.id + "' (" + registry::key_variables(p).front() + " is not set)";
    }
    return o;
}

} // namespace

std::vector<Option> build_plan(const registry::Selection& selection, const config::Config& config,
                               const registry::ProviderRegistry& registry) {
    std::vector<Option> plan;
    auto contains = [&](const std::string& id, const std::string& model) {
        return std::any_of(plan.begin(), plan.end(),
                           [&](const Option& o) { return o.provider.id == id && o.model == model; });
    };
    // Providers to try for a model that does not pin one.
    std::vector<registry::ProviderDefinition> providers{selection.provider};
    for (const auto& f : config.reliability.fallback_providers) {
        auto p = registry.resolve(config::interpolate(f, "reliability.fallback_providers"));
        if (p.id != selection.provider.id) providers.push_back(std::move(p));
    }
    std::vector<std::string> models{selection.model};
    if (auto it = config.reliability.model_fallbacks.find(selection.model);
        it != config.reliability.model_fallbacks.end())
        models.insert(models.end(), it->second.begin(), it->second.end());

    for (size_t mi = 0; mi < models.size(); ++mi) {
        const std::string& model = models[mi];
        // "provider/model" in model_fallbacks pins that provider.
        if (const auto slash = model.find('/');
            mi > 0 && slash != std::string::npos && registry.knows(model.substr(0, slash))) {
            auto p = registry.resolve(model.substr(0, slash));
            const std::string m = model.substr(slash + 1);
            if (!contains(p.id, m)) plan.push_back(make_option(p, m, config, nullptr, p.id == selection.provider.id));
            continue;
        }
        for (size_t pi = 0; pi < providers.size(); ++pi) {
            const bool primary = pi == 0;
            // When nobody asked for a model, a fallback provider uses its own default rather than
            // the selected provider's.
            std::string m = model;
            if (!primary && mi == 0 && selection.model_is_provider_default && !providers[pi].default_model.empty())
                m = providers[pi].default_model;
            if (contains(providers[pi].id, m)) continue;
            plan.push_back(make_option(providers[pi], m, config, primary ? selection.route : nullptr, primary));
        }
    }
    return plan;
}

} // namespace llmhost::reliability
