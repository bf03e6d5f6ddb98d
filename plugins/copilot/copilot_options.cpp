#include "copilot_options.hpp"

#include <llmhost/error.hpp>

#include <optional>

namespace llmhost::copilot_plugin {

copilot_credentials::EnvLookup env_lookup(const Host& host) {
    return [host](std::string_view name) -> std::optional<std::string> {
        if (auto value = host.env(name)) return std::string(*value);
        return std::nullopt;
    };
}

CopilotOptions read_copilot_options(const Host& host, const ProviderConfig& config) {
    const OptionReader options(config.options, {"github_url", "api_url", "chat_url", "editor_version",
                                                forward_betas_option, drop_betas_option});
    CopilotOptions out;
    out.endpoints = copilot_credentials::resolve_endpoints(env_lookup(host), options.string("github_url"),
                                                           options.string("api_url"));
    out.github_host = copilot_credentials::host_of_url(out.endpoints.github_url);
    if (auto chat = options.string("chat_url"))
        out.chat_url = copilot_credentials::require_http_url(*chat, "option chat_url");
    else if (!config.base_url.empty() && config.base_url != default_chat_url)
        out.chat_url =
            copilot_credentials::require_http_url(config.base_url, "base_url"); // configured on purpose: it wins
    if (auto version = options.string("editor_version")) {
        if (version->empty()) throw Error(LLMH_ERR_INVALID_CONFIG, "option editor_version must not be empty");
        out.editor_version = *version;
    }
    out.betas = BetaFilter(options);
    return out;
}

} // namespace llmhost::copilot_plugin
