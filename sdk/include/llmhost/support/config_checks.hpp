// What providers ask of their configuration, worded the same by all: a base URL to send
// requests to, and a model for requests that name none.
#pragma once

#include <llmhost/error.hpp>
#include <llmhost/provider.hpp>

#include <string>
#include <string_view>

namespace llmhost {

// Refuses a configuration without a base_url, or with one that is not http:// or https://.
inline void check_base_url(const ProviderConfig& config) {
    if (config.base_url.empty())
        throw Error(LLMH_ERR_INVALID_CONFIG, "needs a base_url (set base_url in [providers." + config.id + "])");
    if (config.base_url.rfind("http://", 0) != 0 && config.base_url.rfind("https://", 0) != 0)
        throw Error(LLMH_ERR_INVALID_CONFIG, "base_url '" + config.base_url + "' must start with http:// or https://");
}

// The request's model, else the configured default; a request with neither is refused
// before any network I/O.
inline std::string model_or_default(const ProviderConfig& config, std::string_view requested) {
    if (!requested.empty()) return std::string(requested);
    if (!config.default_model.empty()) return config.default_model;
    throw Error(LLMH_ERR_BAD_REQUEST, config.id + ": no model given and the provider has no default_model");
}

} // namespace llmhost
