#include "core/registry/selection.hpp"

#include <llmhost/error.hpp>

#include <cstdlib>

namespace llmhost::registry {

const std::vector<std::pair<std::string, std::string>>& auto_detect_order() {
    static const std::vector<std::pair<std::string, std::string>> order{
        {"ANTHROPIC_API_KEY", "anthropic"}, {"OPENAI_API_KEY", "openai"},         {"GEMINI_API_KEY", "gemini"},
        {"GOOGLE_API_KEY", "gemini"},       {"OPENROUTER_API_KEY", "openrouter"}, {"GROQ_API_KEY", "groq"},
        {"MISTRAL_API_KEY", "mistral"},     {"DEEPSEEK_API_KEY", "deepseek"},     {"XAI_API_KEY", "xai"},
        {"TOGETHER_API_KEY", "together"},   {"FIREWORKS_API_KEY", "fireworks"},   {"PERPLEXITY_API_KEY", "perplexity"},
        {"NVIDIA_API_KEY", "nvidia"},
    };
    return order;
}

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

} // namespace

const config::ModelRoute* find_route(std::string_view model, const config::Config& config) {
    constexpr std::string_view by_name = "hint:";
    if (model.starts_with(by_name)) {
        for (const auto& r : config.model_routes)
            if (r.hint == model.substr(by_name.size())) return &r;
        std::string known;
        for (const auto& r : config.model_routes)
            known += (known.empty() ? "" : ", ") + r.hint;
        throw SelectionError(
            "no [[model_routes]] entry has hint '" + std::string(model.substr(by_name.size())) + "'" +
            (known.empty() ? std::string(" (the config defines no routes)") : " (known hints: " + known + ")"));
    }
    const config::ModelRoute* best = nullptr;
    for (const auto& r : config.model_routes) // the longest matching prefix wins
        if (!r.hint.empty() && model.starts_with(r.hint) && (!best || r.hint.size() > best->hint.size())) best = &r;
    return best;
}

Selection select_provider(const SelectionInput& input, const ProviderRegistry& registry, const config::Config& config,
                          bool model_required) {
    if (input.model.size() > max_model_name_bytes)
        throw Error(LLMH_ERR_BAD_REQUEST, "the model name is " + std::to_string(input.model.size()) +
                                              " bytes long; model names (with their provider/ prefix) are at most " +
                                              std::to_string(max_model_name_bytes) + " bytes");
    Selection s;
    std::string provider = input.provider, model = input.model;
    s.provider_origin = "--provider";
    if (provider.empty() && !model.empty() && !model.starts_with("hint:")) {
        // `-m provider/model` or `-m provider`: only when the prefix is a known id or alias.
        const auto slash = model.find('/');
        const std::string head = model.substr(0, slash);
        if (registry.knows(head)) {
            provider = head;
            model = slash == std::string::npos ? std::string() : model.substr(slash + 1);
            s.provider_origin = "--model";
        }
    }
    if (provider.empty() && !(provider = env("LLMHOST_PROVIDER")).empty()) s.provider_origin = "LLMHOST_PROVIDER";

    // The model as the user gave it, before provider defaults: routes match on it.
    if (model.empty() && input.model.empty()) model = env("LLMHOST_MODEL");
    if (model.empty() && input.model.empty() && !config.default_model.empty())
        model = config::interpolate(config.default_model, "default_model");
    if (!model.empty()) s.route = find_route(model, config);
    if (s.route) {
        if (provider.empty()) {
            provider = s.route->provider;
            s.provider_origin = "[[model_routes]] hint '" + s.route->hint + "'";
        }
        if (!s.route->model.empty())
            model = s.route->model;
        else if (model.starts_with("hint:"))
            model.clear();
    }

    if (provider.empty() && !config.default_provider.empty()) {
        provider = config::interpolate(config.default_provider, "default_provider");
        s.provider_origin = "default_provider";
    }
    if (provider.empty()) {
        for (const auto& [var, id] : auto_detect_order())
            if (!env(var.c_str()).empty() && registry.knows(id)) {
                provider = id;
                s.provider_origin = "auto-detected from " + var;
                break;
            }
    }
    if (provider.empty())
        throw SelectionError("no provider selected: pass -p PROVIDER (e.g. -p mock for the offline provider), "
                             "set LLMHOST_PROVIDER, or set default_provider in the config file");
    s.provider = registry.resolve(provider);

    if (model.empty()) {
        model = s.provider.default_model;
        s.model_is_provider_default = true;
    }
    if (model.empty() && model_required)
        throw SelectionError("no model selected for provider '" + s.provider.id +
                             "': pass -m MODEL, set LLMHOST_MODEL, or set default_model in the config file");
    s.model = model;
    return s;
}

} // namespace llmhost::registry
