#include "core/config/config.hpp"
#include "core/config/toml_json.hpp"
#include "core/config/toml_limits.hpp"
#include "core/config/toml_reader.hpp"

#include <toml.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace llmhost::config {
namespace {

const std::vector<std::string> top_level_keys{
    "default_provider", "model_provider",  "default_model", "model",        "plugins_dir", "api_key",         "api_url",
    "providers",        "model_providers", "reliability",   "model_routes", "server",      "plugin_isolation"};
const std::vector<std::string> isolation_modes{"in_process", "process"};

const std::vector<std::string> provider_keys{"plugin",
                                             "name",
                                             "base_url",
                                             "api_key",
                                             "api_keys",
                                             "api_key_env",
                                             "env_key",
                                             "token_key",
                                             "env_key_instructions",
                                             "default_model",
                                             "model",
                                             "http_headers",
                                             "env_http_headers",
                                             "query_params",
                                             "timeout_ms",
                                             "stream_idle_timeout_ms",
                                             "max_response_bytes",
                                             "max_stream_line_bytes",
                                             "provider_retries",
                                             "provider_backoff_ms",
                                             "options",
                                             "provider_opts",
                                             "isolation"};

const std::vector<std::string> reliability_keys{"provider_retries", "provider_backoff_ms", "fallback_providers",
                                                "api_keys", "model_fallbacks"};
const std::vector<std::string> route_keys{"hint", "provider", "model", "api_key"};
const std::vector<std::string> server_keys{"listen",
                                           "api_keys",
                                           "max_body_bytes",
                                           "max_pending_body_bytes",
                                           "allowed_hosts",
                                           "cors_origins",
                                           "header_timeout_ms",
                                           "idle_timeout_ms",
                                           "shutdown_timeout_ms",
                                           "responses_store_entries",
                                           "responses_store_ttl_ms"};

// Literal secrets in the file work, but deserve a nudge towards the environment.
void check_literal_secret(TomlReader& r, const OrderedToml& v, const std::string& key, const std::string& value) {
    if (!value.empty() && value.find("${") == std::string::npos)
        r.warn(v, "'" + key +
                      "' holds a literal key; prefer an environment variable (\"${VAR}\" or api_key_env) "
                      "so the secret stays out of the file");
}

void read_provider_field(TomlReader& r, ProviderEntry& e, const std::string& key, const OrderedToml& v,
                         const std::string& scope) {
    const std::string full = scope + key;
    auto set = [](auto& field, auto&& value) {
        if (value) field = *value;
    };
    if (key == "plugin")
        set(e.plugin, r.string(v, full));
    else if (key == "name")
        set(e.name, r.string(v, full));
    else if (key == "base_url")
        set(e.base_url, r.string(v, full));
    else if (key == "api_key") {
        set(e.api_key, r.string(v, full));
        check_literal_secret(r, v, full, e.api_key);
    } else if (key == "api_keys") {
        set(e.api_keys, r.string_list(v, full));
        for (const auto& k : e.api_keys)
            check_literal_secret(r, v, full, k);
    } else if (key == "api_key_env" || key == "env_key" || key == "token_key")
        set(e.api_key_env, r.string(v, full));
    else if (key == "env_key_instructions")
        set(e.env_key_instructions, r.string(v, full));
    else if (key == "default_model" || key == "model")
        set(e.default_model, r.string(v, full));
    else if (key == "http_headers")
        set(e.http_headers, r.string_map(v, full));
    else if (key == "env_http_headers")
        set(e.env_http_headers, r.string_map(v, full));
    else if (key == "query_params")
        set(e.query_params, r.string_map(v, full));
    else if (key == "timeout_ms")
        e.timeout_ms = r.non_negative_integer(v, full);
    else if (key == "stream_idle_timeout_ms")
        e.stream_idle_timeout_ms = r.non_negative_integer(v, full);
    else if (key == "max_response_bytes")
        e.max_response_bytes = r.non_negative_integer(v, full);
    else if (key == "max_stream_line_bytes")
        e.max_stream_line_bytes = r.non_negative_integer(v, full);
    else if (key == "provider_retries")
        e.provider_retries = r.non_negative_integer(v, full);
    else if (key == "provider_backoff_ms")
        e.provider_backoff_ms = r.non_negative_integer(v, full);
    else if (key == "isolation")
        set(e.isolation, r.choice(v, full, isolation_modes));
    else if (key == "options" || key == "provider_opts") {
        if (r.is_table(v, full, "{ deployment = \"gpt4o-prod\" }")) e.options = toml_table_to_json(v);
    } else // most often a plugin option written beside the host's keys
        r.unknown_key(v, scope, key, provider_keys,
                      "ignored; a plugin's own settings go in its options table: options = { " + key + " = ... }");
}

class ConfigBuilder {
  public:
    ConfigBuilder(const std::string& path, Config& config) : r_(path), config_(config) {}

    void read(const OrderedToml& root) {
        const OrderedToml* api_key = nullptr;
        const OrderedToml* api_url = nullptr;
        for (const auto& [key, v] : root.as_table()) {
            auto set = [](std::string& field, std::optional<std::string> value) {
                if (value) field = *value;
            };
            if (key == "default_provider" || key == "model_provider")
                set(config_.default_provider, r_.string(v, key));
            else if (key == "default_model" || key == "model")
                set(config_.default_model, r_.string(v, key));
            else if (key == "plugins_dir")
                set(config_.plugins_dir, r_.string(v, key));
            else if (key == "plugin_isolation")
                set(config_.plugin_isolation, r_.choice(v, key, isolation_modes));
            else if (key == "api_key")
                api_key = &v;
            else if (key == "api_url")
                api_url = &v;
            else if (key == "providers")
                read_providers(v);
            else if (key == "model_providers")
                read_provider_table(v, "model_providers");
            else if (key == "reliability")
                read_reliability(v);
            else if (key == "model_routes")
                read_routes(v);
            else if (key == "server")
                read_server(v);
            else
                r_.unknown_key(v, "", key, top_level_keys);
        }
        if (api_key || api_url) apply_top_level_key(api_key, api_url, root);
    }

    void finish() {
        config_.warnings = r_.warnings();
        if (r_.problems().empty()) return;
        std::string msg;
        for (const auto& p : r_.problems())
            msg += (msg.empty() ? "" : "\n") + p;
        throw ConfigError(msg);
    }

  private:
    ProviderEntry& entry(const std::string& id, const OrderedToml& where, const std::string& origin) {
        for (auto& e : config_.providers)
            if (e.id == id) {
                r_.problem(where, "provider '" + id + "' is defined twice (first in " + e.origin + ", again in " +
                                      origin + ")");
                return e;
            }
        auto& e = config_.providers.emplace_back();
        e.id = id;
        e.origin = origin;
        return e;
    }

    void read_provider_table(const OrderedToml& v, const std::string& section) {
        if (!r_.is_table(v, section, "[" + section + ".<id>]")) return;
        for (const auto& [id, table] : v.as_table()) {
            const std::string scope = section + "." + id + ".";
            if (!r_.is_table(table, section + "." + id, "[" + section + "." + id + "] with base_url = ...")) continue;
            auto& e = entry(id, table, section);
            for (const auto& [key, fv] : table.as_table())
                read_provider_field(r_, e, key, fv, scope);
        }
    }

    // `providers` is the canonical table, or the [[providers]] array keyed by `name`.
    void read_providers(const OrderedToml& v) {
        if (!v.is_array()) return read_provider_table(v, "providers");
        size_t index = 0;
        for (const auto& item : v.as_array()) {
            const std::string scope = "providers[" + std::to_string(index++) + "].";
            if (!r_.is_table(item, scope.substr(0, scope.size() - 1), "[[providers]] with name = ...")) continue;
            const auto& t = item.as_table();
            auto name = t.find("name");
            if (name == t.end() || !name->second.is_string()) {
                r_.problem(item, "'" + scope + "name' is required in a [[providers]] entry (it is the provider's id)");
                continue;
            }
            auto& e = entry(name->second.as_string().str, item, "[[providers]]");
            for (const auto& [key, fv] : t)
                if (key != "name") read_provider_field(r_, e, key, fv, scope);
        }
    }

    // Top-level api_key / api_url configure the default provider (the zeroclaw shape).
    void apply_top_level_key(const OrderedToml* api_key, const OrderedToml* api_url, const OrderedToml& root) {
        if (config_.default_provider.empty()) {
            r_.problem(api_key ? *api_key : *api_url,
                       "top-level 'api_key' / 'api_url' need 'default_provider' to say which provider they are for");
            return;
        }
        ProviderEntry* e = nullptr;
        for (auto& p : config_.providers)
            if (p.id == config_.default_provider) e = &p;
        if (!e) {
            e = &config_.providers.emplace_back();
            e->id = config_.default_provider;
            e->origin = "api_key/api_url";
        }
        if (api_key)
            if (auto k = r_.string(*api_key, "api_key"); k && e->api_key.empty()) {
                e->api_key = *k;
                check_literal_secret(r_, *api_key, "api_key", *k);
            }
        if (api_url)
            if (auto u = r_.string(*api_url, "api_url"); u && e->base_url.empty()) e->base_url = *u;
        (void)root;
    }

    void read_reliability(const OrderedToml& v) {
        if (!r_.is_table(v, "reliability", "[reliability]")) return;
        auto& rel = config_.reliability;
        for (const auto& [key, fv] : v.as_table()) {
            const std::string full = "reliability." + key;
            if (key == "provider_retries") {
                if (auto n = r_.non_negative_integer(fv, full)) rel.provider_retries = *n;
            } else if (key == "provider_backoff_ms") {
                if (auto n = r_.non_negative_integer(fv, full)) rel.provider_backoff_ms = *n;
            } else if (key == "fallback_providers") {
                if (auto l = r_.string_list(fv, full)) rel.fallback_providers = *l;
            } else if (key == "api_keys") {
                if (auto l = r_.string_list(fv, full)) rel.api_keys = *l;
                for (const auto& k : rel.api_keys)
                    check_literal_secret(r_, fv, full, k);
            } else if (key == "model_fallbacks") {
                if (!r_.is_table(fv, full, "{ \"claude-sonnet-4-5\" = [\"claude-haiku-4-5\"] }")) continue;
                for (const auto& [model, list] : fv.as_table())
                    if (auto l = r_.string_list(list, full + "." + model)) rel.model_fallbacks[model] = *l;
            } else
                r_.unknown_key(fv, "reliability.", key, reliability_keys);
        }
    }

    void read_routes(const OrderedToml& v) {
        if (!v.is_array()) {
            r_.problem(v, "'model_routes' must be an array of tables: [[model_routes]]");
            return;
        }
        size_t index = 0;
        for (const auto& item : v.as_array()) {
            const std::string scope = "model_routes[" + std::to_string(index++) + "].";
            if (!r_.is_table(item, scope.substr(0, scope.size() - 1), "[[model_routes]] with hint and provider"))
                continue;
            ModelRoute route;
            for (const auto& [key, fv] : item.as_table()) {
                auto set = [](std::string& field, std::optional<std::string> value) {
                    if (value) field = *value;
                };
                if (key == "hint")
                    set(route.hint, r_.string(fv, scope + key));
                else if (key == "provider")
                    set(route.provider, r_.string(fv, scope + key));
                else if (key == "model")
                    set(route.model, r_.string(fv, scope + key));
                else if (key == "api_key") {
                    set(route.api_key, r_.string(fv, scope + key));
                    check_literal_secret(r_, fv, scope + key, route.api_key);
                } else
                    r_.unknown_key(fv, scope, key, route_keys);
            }
            if (route.hint.empty()) r_.problem(item, "'" + scope + "hint' is required (a model-name prefix)");
            if (route.provider.empty()) r_.problem(item, "'" + scope + "provider' is required");
            config_.model_routes.push_back(std::move(route));
        }
    }

    void read_server(const OrderedToml& v) {
        if (!r_.is_table(v, "server", "[server]")) return;
        for (const auto& [key, fv] : v.as_table()) {
            if (key == "listen") {
                if (auto s = r_.string(fv, "server.listen")) config_.server.listen = *s;
            } else if (key == "api_keys") {
                if (auto l = r_.string_list(fv, "server.api_keys")) config_.server.api_keys = *l;
                for (const auto& k : config_.server.api_keys)
                    check_literal_secret(r_, fv, "server.api_keys", k);
            } else if (key == "allowed_hosts") {
                if (auto l = r_.string_list(fv, "server.allowed_hosts")) config_.server.allowed_hosts = *l;
            } else if (key == "cors_origins") {
                if (auto l = r_.string_list(fv, "server.cors_origins")) config_.server.cors_origins = *l;
            } else if (key == "max_body_bytes")
                config_.server.max_body_bytes = r_.non_negative_integer(fv, "server." + key);
            else if (key == "max_pending_body_bytes")
                config_.server.max_pending_body_bytes = r_.non_negative_integer(fv, "server." + key);
            else if (key == "header_timeout_ms")
                config_.server.header_timeout_ms = r_.non_negative_integer(fv, "server." + key);
            else if (key == "idle_timeout_ms")
                config_.server.idle_timeout_ms = r_.non_negative_integer(fv, "server." + key);
            else if (key == "shutdown_timeout_ms")
                config_.server.shutdown_timeout_ms = r_.non_negative_integer(fv, "server." + key);
            else if (key == "responses_store_entries")
                config_.server.responses_store_entries = r_.non_negative_integer(fv, "server." + key);
            else if (key == "responses_store_ttl_ms")
                config_.server.responses_store_ttl_ms = r_.non_negative_integer(fv, "server." + key);
            else
                r_.unknown_key(fv, "server.", key, server_keys);
        }
    }

    TomlReader r_;
    Config& config_;
};

} // namespace

const ProviderEntry* Config::find_provider(std::string_view id) const {
    for (const auto& p : providers)
        if (p.id == id) return &p;
    return nullptr;
}

std::string locate_config_file(const std::string& cli_path) {
    namespace fs = std::filesystem;
    auto must_exist = [](const std::string& p, const std::string& origin) {
        if (!fs::exists(p)) throw ConfigError(p + ": config file not found (named by " + origin + ")");
        return p;
    };
    if (!cli_path.empty()) return must_exist(cli_path, "--config");
    if (const char* env = std::getenv("LLMHOST_CONFIG"); env && *env) return must_exist(env, "LLMHOST_CONFIG");
    std::string base;
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        base = xdg;
    else if (const char* home = std::getenv("HOME"); home && *home)
        base = std::string(home) + "/.config";
    if (base.empty()) return {};
    const std::string candidate = base + "/llmhost/config.toml";
    return fs::exists(candidate) ? candidate : std::string();
}

Config parse_config(const std::string& text, const std::string& path) {
    check_toml_limits(text, path);
    OrderedToml root;
    try {
        std::istringstream in(text);
        root = toml::parse<toml::discard_comments, std::map, std::vector>(in, path);
    } catch (const toml::syntax_error& e) {
        const auto& loc = e.location();
        throw ConfigError(path + ":" + std::to_string(loc.line()) + ":" + std::to_string(loc.column()) +
                          ": invalid TOML; toml11 says:\n" + e.what());
    }
    Config config;
    config.path = path;
    ConfigBuilder builder(path, config);
    builder.read(root);
    builder.finish();
    return config;
}

Config load_config_file(const std::string& path) { return parse_config(read_config_text(path), path); }

} // namespace llmhost::config
