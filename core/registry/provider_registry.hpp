// Every provider id the host knows — from plugin metadata and from the config file — and
// how a selector (id, alias, custom:<URL>, prefix family) resolves to one of them.
#pragma once

#include "core/config/config.hpp"
#include "core/plugins/discovery.hpp"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace llmhost::registry {

// The user asked for something that does not exist or cannot work (exit 2).
class SelectionError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Everything needed to instantiate one provider.
struct ProviderDefinition {
    std::string id;
    std::string source;                        // "plugin" or "config"
    std::string plugin;                        // implementing plugin's name
    const plugins::PluginFile* file = nullptr; // nullptr: the plugin is not installed
    std::string base_url;
    std::string default_model;
    std::string description;
    std::vector<std::string> aliases;
    std::string family;                        // vendor family ("moonshot" for moonshot-intl, kimi-code, ...), or ""
    std::string credentials;                   // how to authenticate, when key_env alone does not say it
    std::vector<std::string> key_env;          // documented key variables
    std::vector<std::string> responses_models; // chat for these goes to the Responses API
    bool keyless = false;
    bool isolated = false; // its plugin runs in a child process (isolation = "process")
    uint32_t capabilities = 0;
    const config::ProviderEntry* entry = nullptr; // the config section, when there is one
};

class ProviderRegistry {
  public:
    ProviderRegistry(const config::Config& config, const plugins::PluginCatalog& catalog);

    // All ids, sorted; a config entry overriding a plugin id appears once, as "config".
    std::vector<ProviderDefinition> all() const;

    // Resolves a selector, in the SPEC's order: exact id › alias › custom:<URL> ›
    // anthropic-custom:<URL> › prefix family › SelectionError naming the closest ids.
    ProviderDefinition resolve(std::string_view selector) const;

    // True when `name` is an id or alias (used to split `-m provider/model`).
    bool knows(std::string_view name) const;

    std::vector<std::string> known_ids() const;

  private:
    std::string unknown_provider_message(std::string_view selector) const;
    ProviderDefinition from_plugin(const plugins::PluginCatalog::Match& match) const;
    ProviderDefinition apply_config(ProviderDefinition base, const config::ProviderEntry& entry) const;
    ProviderDefinition from_config(const config::ProviderEntry& entry) const;
    ProviderDefinition custom(std::string_view plugin, std::string_view id, std::string_view url) const;
    // custom:<URL> and anthropic-custom:<URL>; nullopt for any other selector.
    std::optional<ProviderDefinition> custom_selector(std::string_view selector) const;

    const config::Config& config_;
    const plugins::PluginCatalog& catalog_;
};

} // namespace llmhost::registry
