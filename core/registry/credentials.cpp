#include "core/registry/credentials.hpp"

#include "core/config/config.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace llmhost::registry {

std::string convention_key_variable(std::string_view id) {
    std::string var;
    for (char c : id)
        var.push_back(
            c == '-' || c == '.' || c == ':' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    return var + "_API_KEY";
}

std::vector<std::string> key_variables(const ProviderDefinition& p) {
    std::vector<std::string> vars;
    auto add = [&](const std::string& v) {
        if (!v.empty() && std::find(vars.begin(), vars.end(), v) == vars.end()) vars.push_back(v);
    };
    if (p.entry) add(p.entry->api_key_env);
    for (const auto& v : p.key_env)
        add(v);
    add(convention_key_variable(p.id));
    return vars;
}

ResolvedKey resolve_key(const ProviderDefinition& p, std::string_view route_key) {
    ResolvedKey key;
    key.required = !p.keyless;
    if (!route_key.empty()) {
        key.value = config::interpolate(route_key, "model_routes api_key");
        key.source = "route api_key";
        if (!key.value.empty()) return key;
    }
    if (p.entry && !p.entry->api_key.empty()) {
        key.value = config::interpolate(p.entry->api_key, "providers." + p.id + ".api_key");
        key.source = "config api_key";
        if (!key.value.empty()) return key;
    }
    if (p.entry && !p.entry->api_keys.empty()) {
        key.value = config::interpolate(p.entry->api_keys.front(), "providers." + p.id + ".api_keys");
        key.source = "config api_keys[0]";
        if (!key.value.empty()) return key;
    }
    for (const auto& var : key_variables(p)) {
        key.tried.push_back(var);
        if (const char* v = std::getenv(var.c_str()); v && *v) {
            key.value = v;
            key.source = var;
            return key;
        }
    }
    return key;
}

ResolvedKey require_key(const ProviderDefinition& p, std::string_view route_key) {
    auto key = resolve_key(p, route_key);
    if (!key.value.empty() || !key.required) return key;
    std::string msg = "provider '" + p.id + "' needs an API key, and none is set. Looked in:";
    if (p.entry && !p.entry->api_key.empty()) msg += " api_key in the config,";
    for (size_t i = 0; i < key.tried.size(); ++i)
        msg += (i ? ", " : " ") + key.tried[i];
    msg += ".";
    if (!key.tried.empty()) msg += " Set one, e.g. `export " + key.tried.front() + "=...`.";
    if (p.entry && !p.entry->env_key_instructions.empty()) msg += " " + p.entry->env_key_instructions;
    throw CredentialError(msg);
}

std::string mask_secret(std::string_view secret) {
    if (secret.empty()) return "";
    return "****";
}

} // namespace llmhost::registry
