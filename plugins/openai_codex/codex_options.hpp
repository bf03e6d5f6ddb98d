// The openai-codex plugin's `options` (from [providers.openai-codex]), validated:
//
//   issuer     OpenAI's auth server, where tokens are refreshed (default https://auth.openai.com)
//
// and the provider's base_url: the ChatGPT Codex backend (default
// https://chatgpt.com/backend-api/codex). LLMHOST_CODEX_ISSUER and LLMHOST_CODEX_BASE_URL
// override both, as they do for `llmhost auth login openai-codex`, so that tests can point
// the plugin and the host at one local mock.
#pragma once

#include <llmhost/codex_credentials.hpp>
#include <llmhost/provider.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace llmhost::codex_plugin {

struct CodexOptions {
    codex_credentials::Endpoints endpoints;
};

inline codex_credentials::EnvLookup env_lookup(const Host& host) {
    return [host](std::string_view name) -> std::optional<std::string> {
        if (auto value = host.env(name)) return std::string(*value);
        return std::nullopt;
    };
}

inline CodexOptions read_codex_options(const Host& host, const ProviderConfig& config) {
    const OptionReader options(config.options, {"issuer"});
    std::optional<std::string> base_url;
    if (!config.base_url.empty()) base_url = config.base_url;
    return {codex_credentials::resolve_endpoints(env_lookup(host), options.string("issuer"), base_url)};
}

} // namespace llmhost::codex_plugin
