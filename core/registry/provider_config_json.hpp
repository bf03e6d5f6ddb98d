// The configuration object a plugin's create() receives (see provider_abi.h).
#pragma once

#include "core/registry/provider_registry.hpp"

#include <string>

namespace llmhost::registry {

// {"id","base_url","default_model","http_headers","query_params","timeout_ms",
//  "stream_idle_timeout_ms","options"} with ${VAR} references expanded (throws
// config::ConfigError naming an unset variable). Never holds a credential.
std::string provider_config_json(const ProviderDefinition& provider);

} // namespace llmhost::registry
