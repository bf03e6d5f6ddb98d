#include "azure_auth.hpp"

#include <llmhost/error.hpp>

#include <string_view>

namespace llmhost::azure_plugin {

std::string entra_token(const AzureSettings& settings, const std::string& provider_id, const Host& host) {
    if (settings.auth != AuthMode::entra) return {};
    const auto token = host.env(settings.token_env);
    if (!token || token->empty())
        throw Error(LLMH_ERR_MISSING_CREDENTIALS,
                    provider_id + ": auth = \"entra\" needs a Microsoft Entra ID access token in $" +
                        settings.token_env + " (scope https://cognitiveservices.azure.com/.default), e.g. `export " +
                        settings.token_env +
                        "=$(az account get-access-token --resource https://cognitiveservices.azure.com --query "
                        "accessToken -o tsv)`");
    return std::string(*token);
}

void authorize_request(Headers& headers, const AzureSettings& settings, const std::string& provider_id,
                       const Call& call) {
    if (settings.auth == AuthMode::entra) {
        set_header(headers, "Authorization", "Bearer " + entra_token(settings, provider_id, call.host()));
        return;
    }
    // The metadata declares the provider keyless so that Entra users need no key; key mode
    // therefore checks here, before any network I/O. Only the built-in id has
    // AZURE_OPENAI_API_KEY among its documented variables; config-defined ids name their own.
    if (call.api_key().empty()) {
        const std::string section = "[providers." + provider_id + "]";
        const std::string where = provider_id == "azure"
                                      ? "AZURE_OPENAI_API_KEY (or api_key / api_key_env in " + section + ")"
                                      : "api_key or api_key_env in " + section;
        throw Error(LLMH_ERR_MISSING_CREDENTIALS, provider_id + ": no Azure OpenAI API key: set " + where +
                                                      ", or use Microsoft Entra ID with options.auth = \"entra\" and "
                                                      "a token in $" +
                                                      std::string(default_token_env));
    }
    set_header(headers, "api-key", call.api_key());
}

} // namespace llmhost::azure_plugin
