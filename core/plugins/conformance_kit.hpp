// `llmhost plugins test FILE`: runs a plugin against a scripted host — its HTTP service
// answers from scripts, never the network — and checks what every provider plugin owes the
// host: upstream failures mapped to the ABI's error classes (each HTTP status, Retry-After in
// its three forms, timeouts, a body cut short, garbage instead of JSON), no credential in any
// error message, unknown options refused by name, one exported symbol, one name.
#pragma once

#include "core/plugins/discovery.hpp"

#include <optional>
#include <string>
#include <vector>

namespace llmhost::plugins {

struct KitCheck {
    std::string name; // "status 429 with Retry-After: 7 -> rate_limited, retry after 7000 ms"
    bool passed = false;
    std::string detail; // what happened instead, when it failed
};

struct KitReport {
    std::string file;
    std::string provider;
    std::vector<KitCheck> checks;
    bool passed() const;
};

// Loads `file` (throws PluginLoadError when it cannot be loaded) and checks provider
// `provider_id` (its metadata's first provider when empty), created with `config_json` (the
// user's configuration of it, for providers that need options to start) or else with its
// metadata's defaults.
KitReport run_conformance_kit(const PluginFile& file, const std::string& provider_id,
                              const std::optional<std::string>& config_json = std::nullopt);

} // namespace llmhost::plugins
