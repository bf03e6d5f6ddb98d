#include "core/config/config.hpp"
#include "core/config/nearest_name.hpp"
#include "core/config/toml_json.hpp"

#include <toml.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace llmhost::config {
namespace {

using TomlValue = OrderedToml;

const std::vector<std::string>& top_level_keys() {
    static const std::vector<std::string> keys{"default_provider", "default_model", "plugins_dir", "providers"};
    return keys;
}

const std::vector<std::string>& provider_keys() {
    static const std::vector<std::string> keys{
        "plugin",      "name",          "base_url",     "api_key",          "api_key_env",
        "env_key_instructions", "default_model", "http_headers", "env_http_headers", "query_params",
        "timeout_ms",  "stream_idle_timeout_ms", "options"};
    return keys;
}

std::string where(const std::string& path, const TomlValue& v) {
    const auto loc = v.location();
    std::string out = path;
    if (loc.line() > 0) out += ":" + std::to_string(loc.line()) + ":" + std::to_string(loc.column());
    return out;
}

[[noreturn]] void type_error(const std::string& path, const TomlValue& v, const std::string& key,
                             const std::string& expected) {
    throw ConfigError(where(path, v) + ": '" + key + "' must be " + expected);
}

std::string as_string(const std::string& path, const TomlValue& v, const std::string& key) {
    if (!v.is_string()) type_error(path, v, key, "a string");
    return v.as_string().str;
}

int64_t as_integer(const std::string& path, const TomlValue& v, const std::string& key) {
    if (!v.is_integer() || v.as_integer() < 0) type_error(path, v, key, "a non-negative integer");
    return v.as_integer();
}

std::map<std::string, std::string> as_string_map(const std::string& path, const TomlValue& v, const std::string& key) {
    if (!v.is_table()) type_error(path, v, key, "a table of strings, e.g. { \"X-Team\" = \"search\" }");
    std::map<std::string, std::string> out;
    for (const auto& [k, item] : v.as_table()) out[k] = as_string(path, item, key + "." + k);
    return out;
}

void warn_unknown(Config& config, const std::string& path, const TomlValue& v, const std::string& key,
                  const std::vector<std::string>& known, const std::string& scope) {
    std::string msg = where(path, v) + ": unknown key '" + scope + key + "'";
    if (auto near = nearest_name(key, known); !near.empty()) msg += " (did you mean '" + near + "'?)";
    config.warnings.push_back(msg);
}

ProviderEntry parse_provider(Config& config, const std::string& path, const std::string& id, const TomlValue& table) {
    if (!table.is_table()) type_error(path, table, "providers." + id, "a table");
    ProviderEntry e;
    e.id = id;
    for (const auto& [key, v] : table.as_table()) {
        const std::string full = "providers." + id + "." + key;
        if (key == "plugin") e.plugin = as_string(path, v, full);
        else if (key == "name") e.name = as_string(path, v, full);
        else if (key == "base_url") e.base_url = as_string(path, v, full);
        else if (key == "api_key") {
            e.api_key = as_string(path, v, full);
            if (e.api_key.find("${") == std::string::npos)
                config.warnings.push_back(where(path, v) + ": '" + full +
                                          "' holds a literal key; prefer api_key_env or \"${VAR}\" so the "
                                          "secret stays out of the file");
        } else if (key == "api_key_env" || key == "env_key" || key == "token_key") e.api_key_env = as_string(path, v, full);
        else if (key == "env_key_instructions") e.env_key_instructions = as_string(path, v, full);
        else if (key == "default_model") e.default_model = as_string(path, v, full);
        else if (key == "http_headers") e.http_headers = as_string_map(path, v, full);
        else if (key == "env_http_headers") e.env_http_headers = as_string_map(path, v, full);
        else if (key == "query_params") e.query_params = as_string_map(path, v, full);
        else if (key == "timeout_ms") e.timeout_ms = as_integer(path, v, full);
        else if (key == "stream_idle_timeout_ms") e.stream_idle_timeout_ms = as_integer(path, v, full);
        else if (key == "options" || key == "provider_opts") {
            if (!v.is_table()) type_error(path, v, full, "a table");
            e.options = toml_table_to_json(v);
        } else warn_unknown(config, path, v, key, provider_keys(), "providers." + id + ".");
    }
    return e;
}

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
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) base = xdg;
    else if (const char* home = std::getenv("HOME"); home && *home) base = std::string(home) + "/.config";
    if (base.empty()) return {};
    const std::string candidate = base + "/llmhost/config.toml";
    return fs::exists(candidate) ? candidate : std::string();
}

Config parse_config(const std::string& text, const std::string& path) {
    TomlValue root;
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
    for (const auto& [key, v] : root.as_table()) {
        if (key == "default_provider" || key == "model_provider") config.default_provider = as_string(path, v, key);
        else if (key == "default_model" || key == "model") config.default_model = as_string(path, v, key);
        else if (key == "plugins_dir") config.plugins_dir = as_string(path, v, key);
        else if (key == "providers") {
            if (!v.is_table()) type_error(path, v, key, "a table of [providers.<id>] sections");
            for (const auto& [id, table] : v.as_table()) config.providers.push_back(parse_provider(config, path, id, table));
        } else if (key == "reliability" || key == "model_routes" || key == "server" || key == "model_providers") {
            // Read by their own components; accepted here so they raise no warning.
        } else warn_unknown(config, path, v, key, top_level_keys(), "");
    }
    return config;
}

Config load_config_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(path + ": cannot read the config file");
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_config(ss.str(), path);
}

std::string interpolate(std::string_view value, std::string_view what) {
    std::string out;
    size_t i = 0;
    while (i < value.size()) {
        const size_t open = value.find("${", i);
        if (open == std::string_view::npos) break;
        const size_t close = value.find('}', open + 2);
        if (close == std::string_view::npos) break;
        out.append(value.substr(i, open - i));
        const std::string name(value.substr(open + 2, close - open - 2));
        const char* v = std::getenv(name.c_str());
        if (!v) throw ConfigError(std::string(what) + " refers to ${" + name + "}, which is not set; export " + name + " or change the config");
        out.append(v);
        i = close + 1;
    }
    out.append(value.substr(i));
    return out;
}

} // namespace llmhost::config
