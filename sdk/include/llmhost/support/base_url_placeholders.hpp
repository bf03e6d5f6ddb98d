// Placeholders a provider's base_url may hold, filled in from its options or the environment.
// Cloudflare AI Gateway puts the account and the gateway in the URL
// (https://gateway.ai.cloudflare.com/v1/{account_id}/{gateway_id}/compat), so its metadata
// names them and each user supplies their own.
#pragma once

#include <llmhost/error.hpp>
#include <llmhost/provider.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace llmhost {

struct BaseUrlPlaceholder {
    std::string_view option; // options.<option>, and "{<option>}" in the base_url
    std::string_view env;    // the variable read when the option is absent
    std::string_view what;   // for the error when neither is set
};

inline constexpr BaseUrlPlaceholder base_url_placeholders[] = {
    {"account_id", "CLOUDFLARE_ACCOUNT_ID", "a Cloudflare account id"},
    {"gateway_id", "CLOUDFLARE_GATEWAY_ID", "a Cloudflare AI Gateway id"},
};

namespace base_url_detail {

inline std::string braced(std::string_view name) { return "{" + std::string(name) + "}"; }

// Values go into a URL path: ids are letters, digits, '-' and '_', nothing that could add a
// segment or a query.
inline bool valid_value(std::string_view value) {
    if (value.empty()) return false;
    for (char c : value)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    return true;
}

} // namespace base_url_detail

// The options the base_url's placeholders take (none for a URL without any), for the
// plugin's list of known options.
inline std::vector<std::string_view> base_url_placeholder_options(std::string_view base_url) {
    std::vector<std::string_view> out;
    for (const auto& p : base_url_placeholders)
        if (base_url.find(base_url_detail::braced(p.option)) != std::string_view::npos) out.push_back(p.option);
    return out;
}

// config.base_url with each placeholder replaced by options.<name>, else $<ENV>; a
// configuration error naming both ways when neither is set.
inline std::string fill_base_url_placeholders(const ProviderConfig& config, const Host& host) {
    std::string url = config.base_url;
    for (const auto& p : base_url_placeholders) {
        const std::string token = base_url_detail::braced(p.option);
        const size_t at = url.find(token);
        if (at == std::string::npos) continue;
        std::string value, origin;
        if (const auto* option = config.options.if_contains(p.option)) {
            if (!option->is_string())
                throw Error(LLMH_ERR_INVALID_CONFIG, "option '" + std::string(p.option) + "' must be a string");
            value = std::string(option->get_string());
            origin = "option '" + std::string(p.option) + "'";
        } else if (const auto env = host.env(p.env); env && !env->empty()) {
            value = std::string(*env);
            origin = "$" + std::string(p.env);
        } else {
            throw Error(LLMH_ERR_INVALID_CONFIG, "base_url '" + config.base_url + "' needs " + std::string(p.what) +
                                                     ": set options." + std::string(p.option) + " in [providers." +
                                                     config.id + "] (e.g. options = { " + std::string(p.option) +
                                                     " = \"...\" }) or export " + std::string(p.env));
        }
        if (!base_url_detail::valid_value(value))
            throw Error(LLMH_ERR_INVALID_CONFIG, origin + " must be " + std::string(p.what) +
                                                     " (letters, digits, '-' and '_'), not '" + value + "'");
        url.replace(at, token.size(), value);
    }
    return url;
}

} // namespace llmhost
