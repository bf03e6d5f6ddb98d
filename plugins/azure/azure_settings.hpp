// The azure plugin's settings (docs/protocols/azure.md), validated: where requests go, in which URL
// form, which deployment serves them and how they are authorised.
//
// Options (`options = {...}` in [providers.<id>]):
//   resource     string   resource name: the endpoint is https://{resource}.openai.azure.com
//   deployment   string   the deployment every request goes to (default: the request's model)
//   api_version  string   a dated api-version for the deployment form (default "2024-10-21",
//                         the latest dated GA); "v1" selects the v1 form; "preview" the v1
//                         form with ?api-version=preview (early v1 previews used it)
//   auth         string   "key" (default: api-key header, AZURE_OPENAI_API_KEY) or "entra"
//                         (Authorization: Bearer, token read from token_env at call time)
//   token_env    string   with auth = "entra": the variable holding the token
//                         (default AZURE_OPENAI_AD_TOKEN)
//   forward_betas [string] which of a Chat Completions client's OpenAI-Beta values are sent
//                         on (default ["*"]: all; "prefix-*" matches a prefix; [] none)
//   drop_betas   [string] OpenAI-Beta values never sent on, checked first (default none)
//   wire_api     string   "chat_completions" (default) or "responses": chat through the v1
//                         Responses endpoint {endpoint}/openai/v1/responses, whatever the form
//   responses_models [string] models (deployments) that go to Responses whatever wire_api says,
//                         added to OpenAI's Responses-only models (llmhost/protocol/responses/wire_api.hpp)
//
// The endpoint: options.resource › base_url › $AZURE_OPENAI_ENDPOINT. A base_url ending in
// /openai/v1 selects the v1 form; one ending in /openai is accepted as the endpoint. Without
// api_version, a configured query parameter `api-version` is used (the SPEC's example).
#pragma once

#include <llmhost/protocol/responses/wire_api.hpp>
#include <llmhost/provider.hpp>
#include <llmhost/support/wire_extension.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace llmhost::azure_plugin {

inline constexpr std::string_view default_api_version = "2024-10-21";
inline constexpr std::string_view default_token_env = "AZURE_OPENAI_AD_TOKEN";
inline constexpr std::string_view endpoint_env = "AZURE_OPENAI_ENDPOINT";

enum class UrlForm {
    deployment, // {endpoint}/openai/deployments/{deployment}/...?api-version=...
    v1,         // {endpoint}/openai/v1/... with the deployment in body `model`
};

enum class AuthMode { key, entra };

struct AzureSettings {
    std::string endpoint; // scheme://host[:port][/path], without /openai
    UrlForm form = UrlForm::deployment;
    std::string api_version; // empty: none sent (the v1 form)
    std::optional<std::string> deployment;
    AuthMode auth = AuthMode::key;
    std::string token_env;  // AuthMode::entra only
    BetaFilter betas;       // a Chat Completions client's OpenAI-Beta values that go on
    WireApiChoice wire_api; // which requests go to the v1 Responses endpoint

    // What the OpenAI-compatible paths hang off: {endpoint}/openai or {endpoint}/openai/v1.
    std::string api_root() const { return endpoint + (form == UrlForm::v1 ? "/openai/v1" : "/openai"); }
};

// Reads and checks everything at provider creation, so a bad configuration fails before any
// request. `host` supplies $AZURE_OPENAI_ENDPOINT.
AzureSettings read_azure_settings(const ProviderConfig& config, const Host& host);

} // namespace llmhost::azure_plugin
