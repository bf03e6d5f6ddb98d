// The user's configuration file, normalised. Loading never touches the network and never
// resolves secrets: ${VAR} references are kept and expanded when a provider is used.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace llmhost::config {

// A configuration problem: the CLI reports it and exits 2. The message names the file, the
// line and column where known, the key and what was expected.
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ProviderEntry {
    std::string id;
    std::string plugin; // implementing plugin; "" = the plugin declaring the id, else "openai"
    std::string name;
    std::string base_url;
    std::string api_key; // possibly "${VAR}"; a literal key is accepted with a warning
    std::string api_key_env;
    std::string env_key_instructions;
    std::string default_model;
    std::map<std::string, std::string> http_headers;
    std::map<std::string, std::string> env_http_headers; // header <- value of env var
    std::map<std::string, std::string> query_params;
    std::optional<int64_t> timeout_ms;
    std::optional<int64_t> stream_idle_timeout_ms;
    boost::json::object options; // the plugin's own options; the plugin validates them
};

struct Config {
    std::string path; // "" when running on built-ins only
    std::string default_provider;
    std::string default_model;
    std::string plugins_dir;
    std::vector<ProviderEntry> providers;
    std::vector<std::string> warnings;

    const ProviderEntry* find_provider(std::string_view id) const;
};

// --config FILE › $LLMHOST_CONFIG › $XDG_CONFIG_HOME/llmhost/config.toml (default
// ~/.config/llmhost/config.toml, used only when it exists) › "" (built-ins only).
// An explicitly named file that does not exist is an error.
std::string locate_config_file(const std::string& cli_path);

Config load_config_file(const std::string& path);
Config parse_config(const std::string& text, const std::string& path_for_messages);

// Expands ${VAR} references; throws ConfigError naming the variable when one is unset.
std::string interpolate(std::string_view value, std::string_view what);

} // namespace llmhost::config
