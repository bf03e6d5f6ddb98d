// `llmhost plugins test FILE`: runs a plugin against a scripted host — its HTTP service
// answers from scripts, never the network — and checks what every provider plugin owes the
// host: upstream failures mapped to the ABI's error classes (each HTTP status, Retry-After in
// its three forms, timeouts, a body cut short, garbage instead of JSON), no credential in any
// error message, unknown options refused by name, one exported symbol, one name, cancellation,
// concurrent calls, struct_size read both ways — and, with recordings of the provider's own
// upstream (conformance_replay.hpp), successful exchanges replayed whole and split at every
// byte boundary, each checked against the event contract. The checks are documented for
// plugin authors in docs/conformance-kit.md.
#pragma once

#include "core/plugins/discovery.hpp"

#include <optional>
#include <string>
#include <vector>

namespace llmhost::plugins {

struct KitCheck {
    std::string name; // "status 429 with Retry-After: 7 -> rate_limited, retry after 7000 ms"
    bool passed = false;
    std::string detail;   // what happened instead, when it failed; why, when not run
    bool not_run = false; // it needs what was not given (recordings): neither passed nor failed
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
// metadata's defaults. `replay_dir`: a directory of recordings (conformance_replay.hpp) to
// replay; without it the checks that need a successful exchange are reported as not run.
// Throws std::runtime_error for a recording that cannot be read.
KitReport run_conformance_kit(const PluginFile& file, const std::string& provider_id,
                              const std::optional<std::string>& config_json = std::nullopt,
                              const std::optional<std::string>& replay_dir = std::nullopt);

} // namespace llmhost::plugins
