// Choosing the provider and model for a command from flags, environment and config.
#pragma once

#include "core/registry/provider_registry.hpp"

#include <string>

namespace llmhost::registry {

struct SelectionInput {
    std::string provider; // -p/--provider ("" when not given)
    std::string model;    // -m/--model
};

struct Selection {
    ProviderDefinition provider;
    std::string model;
    std::string provider_origin;               // how it was chosen: "--provider", "LLMHOST_PROVIDER", ...
    const config::ModelRoute* route = nullptr; // the [[model_routes]] entry that chose it
    bool model_is_provider_default = false;    // nobody asked for a model: the provider's default
};

// Provider: -p › $LLMHOST_PROVIDER › a [[model_routes]] match for the model (its hint is a
// prefix of the model, or the model is `hint:<hint>`) › default_provider › auto-detect
// (first key variable of auto_detect_order() that is set) › SelectionError saying what to set.
// Model: -m › $LLMHOST_MODEL › default_model › the provider's default › SelectionError; a
// matching route may rewrite it. `-m provider/model` and `-m provider` select the provider
// too when -p is not given and the prefix is a known id or alias.
// Longest model name accepted (with its provider prefix): real ids are far shorter, and a
// name is copied, matched and logged wherever a request goes.
inline constexpr size_t max_model_name_bytes = 512;

// Throws Error(LLMH_ERR_BAD_REQUEST) for a model name longer than max_model_name_bytes.
Selection select_provider(const SelectionInput& input, const ProviderRegistry& registry, const config::Config& config,
                          bool model_required = true);

// The route for `model`: `hint:<name>` names one (SelectionError when none has that
// hint); otherwise the longest hint that prefixes the model, or nullptr.
const config::ModelRoute* find_route(std::string_view model, const config::Config& config);

// The documented auto-detection order: (key variable, provider id).
const std::vector<std::pair<std::string, std::string>>& auto_detect_order();

} // namespace llmhost::registry
