// API key resolution, in the SPEC's order: api_key (interpolated) › the variable named by
// api_key_env › the provider's documented variables › <ID>_API_KEY › none.
#pragma once

#include "core/registry/provider_registry.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace llmhost::registry {

// A provider that needs a key has none (exit 3). Names every variable tried.
class CredentialError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct ResolvedKey {
    std::string value;              // "" when none was found
    std::string source;             // "config api_key" or the variable's name
    std::vector<std::string> tried; // variables looked at, in order
    bool required = true;
};

// <ID>_API_KEY with the id upper-cased and '-' and '.' as '_'.
std::string convention_key_variable(std::string_view id);

// The variables looked at for a provider, in order (no values).
std::vector<std::string> key_variables(const ProviderDefinition& provider);

// `route_key` is the api_key of the [[model_routes]] entry that selected the provider, which
// comes first when set.
ResolvedKey resolve_key(const ProviderDefinition& provider, std::string_view route_key = {});

// Resolves and enforces: throws CredentialError when a required key is missing, with the
// variables tried and the provider's env_key_instructions.
ResolvedKey require_key(const ProviderDefinition& provider, std::string_view route_key = {});

// Shows that a secret is set without showing it: "sk-…(51 chars)" never; "set" / "****".
std::string mask_secret(std::string_view secret);

} // namespace llmhost::registry
