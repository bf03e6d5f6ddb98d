#include "codex_options.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace llmhost::codex_plugin {

codex_credentials::EnvLookup env_lookup(const Host& host) {
    return [host](std::string_view name) -> std::optional<std::string> {
        if (auto value = host.env(name)) return std::string(*value);
        return std::nullopt;
    };
}

CodexOptions read_codex_options(const Host& host, const ProviderConfig& config) {
    const OptionReader options(config.options, {"issuer"});
    std::optional<std::string> base_url;
    if (!config.base_url.empty()) base_url = config.base_url;
    return {codex_credentials::resolve_endpoints(env_lookup(host), options.string("issuer"), base_url)};
}

} // namespace llmhost::codex_plugin
