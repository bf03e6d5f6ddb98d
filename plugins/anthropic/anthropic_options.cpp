#include "anthropic_options.hpp"

#include <llmhost/error.hpp>
#include <llmhost/support/base_url_placeholders.hpp>
#include <llmhost/support/wire_extension.hpp>

#include <string_view>
#include <utility>
#include <vector>

namespace llmhost::anthropic_plugin {

AnthropicAuth read_auth(const OptionReader& options) {
    const auto auth = options.string("auth");
    if (!auth || *auth == "api_key" || *auth == "x-api-key") return AnthropicAuth::api_key;
    if (*auth == "bearer") return AnthropicAuth::bearer;
    throw Error(LLMH_ERR_INVALID_CONFIG, "option 'auth' must be \"api_key\" or \"bearer\", not \"" + *auth + "\"");
}

std::string read_beta(const OptionReader& options) {
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

AnthropicClientOptions read_anthropic_options(const ProviderConfig& config) {
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
