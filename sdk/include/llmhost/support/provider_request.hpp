// The part of every provider's HTTP request that comes from its configuration, built the
// same way by all: a JSON body, the Accept the caller expects, the service's own headers, the
// configured headers (the user's last word on all of those) and the configured timeouts. The
// caller adds its credential afterwards.
#pragma once

#include <llmhost/http.hpp>
#include <llmhost/provider.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace llmhost {

inline HttpRequest request_with_config(const ProviderConfig& config, std::string method, std::string url,
                                       std::string body, std::string_view accept, const Headers& service_headers = {}) {
    HttpRequest http;
    http.headers.reserve(4 + service_headers.size() + config.http_headers.size()); // grows once
    http.method = std::move(method);
    http.url = std::move(url);
    if (!body.empty()) set_header(http.headers, "Content-Type", "application/json");
    set_header(http.headers, "Accept", accept);
    for (const auto& [name, value] : service_headers)
        set_header(http.headers, name, value);
    for (const auto& [name, value] : config.http_headers)
        set_header(http.headers, name, value);
    http.body = std::move(body);
    http.total_timeout_ms = config.timeout_ms;
    http.idle_timeout_ms = config.stream_idle_timeout_ms;
    return http;
}

} // namespace llmhost
