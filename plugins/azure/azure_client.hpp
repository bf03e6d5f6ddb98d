// The SDK's OpenAI-compatible client with Azure's URLs, auth and error codes; the wire format
// is otherwise OpenAI's (docs/protocols/azure.md). The `model` it is given is the deployment name
// (AzureProvider routes requests to it), which goes in the URL of the deployment form and
// in body `model` in both forms. Reasoning models served there (DeepSeek-R1 and the like) get
// their reasoning_content back on tool turns, as every OpenAI-family provider does (its origin
// is this provider's id); prompt_cache_key and the other request-2 fields go as OpenAI's.
#pragma once

#include "azure_settings.hpp"

#include <llmhost/protocol/openai/client.hpp>
#include <llmhost/provider.hpp>

#include <string>
#include <string_view>

namespace llmhost::azure_plugin {

// The client's view of the configuration: paths hang off {endpoint}/openai[/v1], and
// api-version is added per request instead of as a configured query parameter.
ProviderConfig client_config(ProviderConfig config, const AzureSettings& settings);

OpenAIWireOptions azure_wire_options(const AzureSettings& settings);

class AzureClient final : public OpenAICompatibleClient {
  public:
    AzureClient(const ProviderConfig& config, AzureSettings settings);

    const AzureSettings& settings() const { return settings_; }

  protected:
    std::string url_for(OpenAIOperation op, std::string_view deployment, const Call& call) const override;
    void authorize(Headers& headers, const Call& call) const override;
    Error upstream_error(OpenAIOperation op, std::string_view deployment, const HttpResponseHead& head,
                         std::string_view body, const Call& call) const override;

  private:
    AzureSettings settings_;
};

} // namespace llmhost::azure_plugin
