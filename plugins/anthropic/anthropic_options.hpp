// The anthropic plugin's `options` (from the provider's configuration), validated.
//
//   auth                "api_key" (default: the key goes in x-api-key) | "bearer" (the key is an
//                       OAuth access token, sent as Authorization: Bearer)
//   anthropic_version   the anthropic-version header (default "2023-06-01")
//   anthropic_beta      the anthropic-beta header: a string, or an array of beta names
//   forward_betas       the betas of a client's own anthropic-beta header (Anthropic face) that
//                       are sent on: an array of names, "prefix-*" for a prefix (default ["*"]:
//                       all); [] for upstreams that refuse betas they do not know (Bedrock- and
//                       Vertex-style endpoints behind anthropic-custom:<URL>)
//   drop_betas          betas of the client's never sent on, checked first (default none);
//                       the configured anthropic_beta is always sent
//   default_max_tokens  max_tokens when a request sets none (default 4096; the API requires it)
//   account_id, gateway_id  fill {account_id} / {gateway_id} in the base_url (Cloudflare AI
//                       Gateway; else $CLOUDFLARE_ACCOUNT_ID / $CLOUDFLARE_GATEWAY_ID), only for
//                       a base_url that has them
#pragma once

#include <llmhost/base_url_placeholders.hpp>
#include <llmhost/protocol/anthropic/client.hpp>
#include <llmhost/provider.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace llmhost::anthropic_plugin {

inline AnthropicAuth read_auth(const OptionReader& options) {
    const auto auth = options.string("auth");
    if (!auth || *auth == "api_key" || *auth == "x-api-key") return AnthropicAuth::api_key;
    if (*auth == "bearer") return AnthropicAuth::bearer;
    throw Error(LLMH_ERR_INVALID_CONFIG, "option 'auth' must be \"api_key\" or \"bearer\", not \"" + *auth + "\"");
}

// A string, or an array of strings joined with commas as the header lists them.
inline std::string read_beta(const OptionReader& options) {
    const auto* raw = options.raw("anthropic_beta");
    if (!raw) return {};
    if (raw->is_string()) return std::string(raw->get_string());
    const Error wrong_type(LLMH_ERR_INVALID_CONFIG, "option 'anthropic_beta' must be a string or an array of strings");
    if (!raw->is_array()) throw wrong_type;
    std::string joined;
    for (const auto& item : raw->get_array()) {
        if (!item.is_string()) throw wrong_type;
        joined += (joined.empty() ? "" : ",") + std::string(item.get_string());
    }
    return joined;
}

inline AnthropicClientOptions read_anthropic_options(const ProviderConfig& config) {
    std::vector<std::string_view> known{
        "auth", "anthropic_version", "anthropic_beta", "default_max_tokens", forward_betas_option, drop_betas_option};
    for (const auto name : base_url_placeholder_options(config.base_url))
        known.push_back(name);
    const OptionReader options(config.options, std::move(known));
    AnthropicClientOptions out;
    out.auth = read_auth(options);
    if (const auto version = options.string("anthropic_version")) {
        if (version->empty()) throw Error(LLMH_ERR_INVALID_CONFIG, "option 'anthropic_version' must not be empty");
        out.version = *version;
    }
    out.beta = read_beta(options);
    out.forwarded_betas = BetaFilter(options);
    if (const auto max_tokens = options.integer("default_max_tokens")) {
        if (*max_tokens < 1) throw Error(LLMH_ERR_INVALID_CONFIG, "option 'default_max_tokens' must be at least 1");
        out.wire.default_max_tokens = *max_tokens;
    }
    return out;
}

} // namespace llmhost::anthropic_plugin
