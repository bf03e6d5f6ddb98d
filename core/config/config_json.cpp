#include "core/config/config_json.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

namespace llmhost::config {
namespace {

boost::json::array string_array(const std::vector<std::string>& items, bool secret) {
    boost::json::array out;
    for (const auto& s : items)
        out.push_back(boost::json::string(secret ? mask_secret_value(s) : s));
    return out;
}

boost::json::object string_map(const std::map<std::string, std::string>& items, bool mask_sensitive) {
    boost::json::object out;
    for (const auto& [k, v] : items)
        out[k] = mask_sensitive && is_sensitive_header(k) ? mask_secret_value(v) : v;
    return out;
}

template <class T> boost::json::value optional_number(const std::optional<T>& v) {
    return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

// Plugin options may hold secrets too (an Entra token, a password): mask string values whose
// key looks like one.
boost::json::value masked_options(const boost::json::value& v, std::string_view key = {}) {
    if (v.is_object()) {
        boost::json::object out;
        for (const auto& kv : v.get_object())
            out[kv.key()] = masked_options(kv.value(), kv.key());
        return out;
    }
    if (v.is_array()) {
        boost::json::array out;
        for (const auto& item : v.get_array())
            out.push_back(masked_options(item, key));
        return out;
    }
    if (v.is_string() && is_sensitive_header(key))
        return boost::json::string(mask_secret_value(std::string(v.get_string())));
    return v;
}

} // namespace

std::string mask_secret_value(const std::string& value) {
    if (value.empty() || is_pure_reference(value)) return value;
    return "****";
}

bool is_sensitive_header(std::string_view name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    for (const char* word :
         {"authorization", "secret", "password", "cookie", "api_key", "apikey", "api-key", "access_key"})
        if (lower.find(word) != std::string::npos) return true;
    auto ends_with = [&](std::string_view suffix) {
        return lower.size() >= suffix.size() && lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    return lower == "key" || ends_with("token") || ends_with("_key") || ends_with("-key");
}

boost::json::object to_masked_json(const Config& c) {
    boost::json::object providers;
    for (const auto& e : c.providers) {
        boost::json::object p;
        p["origin"] = e.origin;
        p["plugin"] = e.plugin;
        p["name"] = e.name;
        p["base_url"] = e.base_url;
        p["api_key"] = mask_secret_value(e.api_key);
        p["api_keys"] = string_array(e.api_keys, true);
        p["api_key_env"] = e.api_key_env;
        p["env_key_instructions"] = e.env_key_instructions;
        p["default_model"] = e.default_model;
        p["http_headers"] = string_map(e.http_headers, true);
        p["env_http_headers"] = string_map(e.env_http_headers, false); // names of variables, not values
        p["query_params"] = string_map(e.query_params, true);
        p["timeout_ms"] = optional_number(e.timeout_ms);
        p["stream_idle_timeout_ms"] = optional_number(e.stream_idle_timeout_ms);
        p["provider_retries"] = optional_number(e.provider_retries);
        p["provider_backoff_ms"] = optional_number(e.provider_backoff_ms);
        p["options"] = masked_options(e.options);
        providers[e.id] = std::move(p);
    }
    boost::json::object fallbacks;
    for (const auto& [model, list] : c.reliability.model_fallbacks)
        fallbacks[model] = string_array(list, false);
    boost::json::array routes;
    for (const auto& r : c.model_routes)
        routes.push_back({{"hint", r.hint},
                          {"provider", r.provider},
                          {"model", r.model},
                          {"api_key", mask_secret_value(r.api_key)}});

    boost::json::object o;
    o["path"] = c.path;
    o["default_provider"] = c.default_provider;
    o["default_model"] = c.default_model;
    o["plugins_dir"] = c.plugins_dir;
    o["providers"] = std::move(providers);
    o["reliability"] = {{"provider_retries", c.reliability.provider_retries},
                        {"provider_backoff_ms", c.reliability.provider_backoff_ms},
                        {"fallback_providers", string_array(c.reliability.fallback_providers, false)},
                        {"api_keys", string_array(c.reliability.api_keys, true)},
                        {"model_fallbacks", std::move(fallbacks)}};
    o["model_routes"] = std::move(routes);
    boost::json::object server{{"listen", c.server.listen}, {"api_keys", string_array(c.server.api_keys, true)}};
    auto put_limit = [&](const char* key, const std::optional<int64_t>& v) { // only when set: older output unchanged
        if (v) server[key] = *v;
    };
    put_limit("max_body_bytes", c.server.max_body_bytes);
    put_limit("max_pending_body_bytes", c.server.max_pending_body_bytes);
    if (!c.server.allowed_hosts.empty()) server["allowed_hosts"] = string_array(c.server.allowed_hosts, false);
    if (!c.server.cors_origins.empty()) server["cors_origins"] = string_array(c.server.cors_origins, false);
    put_limit("header_timeout_ms", c.server.header_timeout_ms);
    put_limit("idle_timeout_ms", c.server.idle_timeout_ms);
    put_limit("shutdown_timeout_ms", c.server.shutdown_timeout_ms);
    put_limit("responses_store_entries", c.server.responses_store_entries);
    put_limit("responses_store_ttl_ms", c.server.responses_store_ttl_ms);
    o["server"] = std::move(server);
    return o;
}

} // namespace llmhost::config
