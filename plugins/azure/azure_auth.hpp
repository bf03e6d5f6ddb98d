// Azure's two ways to authorise a request (docs/protocols/azure.md "Authentication"):
//   key    `api-key: <key>`, the attempt's credential the host resolved (AZURE_OPENAI_API_KEY,
//          api_key, api_key_env), so key rotation works as for every provider;
//   entra  `Authorization: Bearer <token>`, a Microsoft Entra ID access token read from the
//          environment at call time (the host's key resolution does not know this variable,
//          and a token that was refreshed in the host's environment is picked up).
#pragma once

#include "azure_settings.hpp"

#include <llmhost/http.hpp>
#include <llmhost/provider.hpp>

#include <string>

namespace llmhost::azure_plugin {

// The Entra ID token, or "" when the provider uses keys. Throws MISSING_CREDENTIALS naming
// the variable when it is unset.
std::string entra_token(const AzureSettings& settings, const std::string& provider_id, const Host& host);

void authorize_request(Headers& headers, const AzureSettings& settings, const std::string& provider_id,
                       const Call& call);

} // namespace llmhost::azure_plugin
