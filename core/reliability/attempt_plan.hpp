// The ordered options one request may try: for each model in [requested, its
// model_fallbacks...], each provider in [selected, fallback_providers...], with that
// provider's keys in rotation order and its retry budget.
#pragma once

#include "core/config/config.hpp"
#include "core/registry/provider_registry.hpp"
#include "core/registry/selection.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace llmhost::reliability {

struct Option {
    registry::ProviderDefinition provider;
    std::string model;
    std::vector<std::string> keys; // rotation order; {""} for a keyless provider
    int retries = 2;               // provider_retries: retries + 1 attempts
    int64_t backoff_ms = 500;
    std::string skip_reason; // non-empty: cannot be tried (e.g. no key), with why
};

// Throws registry::CredentialError when the *selected* provider needs a key and has none
// (before any I/O); fallbacks without a key are kept with a skip_reason.
std::vector<Option> build_plan(const registry::Selection& selection, const config::Config& config,
                               const registry::ProviderRegistry& registry);

} // namespace llmhost::reliability
