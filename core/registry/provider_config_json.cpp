#include "core/registry/provider_config_json.hpp"

#include <boost/json.hpp>

#include <cstdlib>

namespace llmhost::registry {

std::string provider_config_json(const ProviderDefinition& p) {
    boost::json::object o;
    o["id"] = p.id;
    const std::string where = "providers." + p.id;
    o["base_url"] = config::interpolate(p.base_url, where + ".base_url");
    o["default_model"] = config::interpolate(p.default_model, where + ".default_model");
    boost::json::object headers, query, options;
    if (const auto* e = p.entry) {
        for (const auto& [k, v] : e->http_headers)
            headers[k] = config::interpolate(v, where + ".http_headers." + k);
        for (const auto& [k, var] : e->env_http_headers)
            if (const char* v = std::getenv(var.c_str()); v && *v) headers[k] = v; // skipped when unset
        for (const auto& [k, v] : e->query_params)
            query[k] = config::interpolate(v, where + ".query_params." + k);
        if (e->timeout_ms) o["timeout_ms"] = *e->timeout_ms;
        if (e->stream_idle_timeout_ms) o["stream_idle_timeout_ms"] = *e->stream_idle_timeout_ms;
        options = config::interpolate_json(e->options, where + ".options").as_object();
    }
    o["http_headers"] = std::move(headers);
    o["query_params"] = std::move(query);
    o["options"] = std::move(options);
    return boost::json::serialize(o);
}

} // namespace llmhost::registry
