// `llmhost config check`: what the file refers to that does not exist (providers, plugins,
// routes, fallbacks), found against the installed plugins. Syntax and type problems are
// reported earlier, by the loader.
#pragma once

#include "core/registry/provider_registry.hpp"

#include <string>
#include <vector>

namespace llmhost::registry {

// Every problem found; empty when the config is usable.
std::vector<std::string> validate_config(const config::Config& config, const ProviderRegistry& registry,
                                         const plugins::PluginCatalog& catalog);

} // namespace llmhost::registry
