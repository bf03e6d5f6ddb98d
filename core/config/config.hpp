// The user's configuration file, normalised. Four shapes are read — the canonical
// [providers.<id>] table, the [[providers]] array, the [model_providers.<id>] table and the
// top-level api_key/api_url form — and all mean the same Config. Loading never touches the
// network and never resolves secrets: ${VAR} references are kept and expanded only when the
// value is used (see interpolate()).
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
// line and column where known, the key and what was expected; when a file has several
// problems, the message lists them all, one per line.
class ConfigError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct ProviderEntry {
    std::string id;
    std::string plugin; // implementing plugin; "" = the plugin declaring the id, else "openai"
    std::string name;   // display name
    std::string base_url;
    std::string api_key;               // possibly "${VAR}"; a literal key is accepted with a warning
    std::vector<std::string> api_keys; // several keys, rotated by the reliability layer
    std::string api_key_env;
    std::string env_key_instructions;
    std::string default_model;
    std::map<std::string, std::string> http_headers;
    std::map<std::string, std::string> env_http_headers; // header <- value of env var, skipped if unset
    std::map<std::string, std::string> query_params;
    std::optional<int64_t> timeout_ms;
    std::optional<int64_t> stream_idle_timeout_ms;
    std::optional<int64_t> max_response_bytes;    // a non-stream upstream body; unset or 0: 64 MiB
    std::optional<int64_t> max_stream_line_bytes; // one SSE event / NDJSON line; unset or 0: 8 MiB
    std::optional<int64_t> provider_retries;      // overrides [reliability] for this provider
    std::optional<int64_t> provider_backoff_ms;   // overrides [reliability] for this provider
    boost::json::object options;                  // the plugin's own options; the plugin validates them
    std::string isolation;                        // "in_process", "process", or "" for the top-level plugin_isolation
    std::string origin; // "providers", "[[providers]]", "model_providers" or "api_key/api_url"
};

struct ReliabilityConfig {
    int64_t provider_retries = 2;
    int64_t provider_backoff_ms = 500;
    std::vector<std::string> fallback_providers;
    std::vector<std::string> api_keys;
    std::map<std::string, std::vector<std::string>> model_fallbacks;
};

struct ModelRoute {
    std::string hint; // model-name prefix; `-m hint:<hint>` selects the route by name
    std::string provider;
    std::string model;   // optional rewrite
    std::string api_key; // optional; may be "${VAR}"
};

struct ServerConfig {
    std::string listen = "127.0.0.1:8399";
    std::vector<std::string> api_keys;
    // Gateway limits; unset means the gateway's built-in default.
    std::optional<int64_t> max_body_bytes;
    std::optional<int64_t> max_pending_body_bytes;  // request bodies being read at once, all clients together
    std::vector<std::string> allowed_hosts;         // Host names browsers may use besides IPs and localhost
    std::vector<std::string> cors_origins;          // web origins allowed to call the gateway ("*": any)
    std::optional<int64_t> header_timeout_ms;       // to receive a request's headers
    std::optional<int64_t> idle_timeout_ms;         // an idle keep-alive connection is closed after this
    std::optional<int64_t> shutdown_timeout_ms;     // in-flight requests may finish for this long
    std::optional<int64_t> responses_store_entries; // stored Responses kept at most (previous_response_id)
    std::optional<int64_t> responses_store_ttl_ms;  // and for how long
};

struct Config {
    std::string path; // "" when running on built-ins only
    std::string default_provider;
    std::string default_model;
    std::string plugins_dir;
    std::string plugin_isolation = "in_process"; // the default for providers without `isolation`
    std::vector<ProviderEntry> providers;
    ReliabilityConfig reliability;
    std::vector<ModelRoute> model_routes;
    ServerConfig server;
    std::vector<std::string> warnings;

    const ProviderEntry* find_provider(std::string_view id) const;
};

// --config FILE › $LLMHOST_CONFIG › $XDG_CONFIG_HOME/llmhost/config.toml (default
// ~/.config/llmhost/config.toml, used only when it exists) › "" (built-ins only).
// An explicitly named file that does not exist is an error.
std::string locate_config_file(const std::string& cli_path);

Config load_config_file(const std::string& path);
Config parse_config(const std::string& text, const std::string& path_for_messages);

// Expands ${VAR} references; throws ConfigError naming the variable (and `what`, the key
// that holds the reference) when one is unset.
std::string interpolate(std::string_view value, std::string_view what);

// Expands every string inside a JSON value (plugin options).
boost::json::value interpolate_json(const boost::json::value& value, std::string_view what);

// True when the value is nothing but ${VAR} references (so it holds no secret itself).
bool is_pure_reference(std::string_view value);

} // namespace llmhost::config
