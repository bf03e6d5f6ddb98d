// The SDK's Responses client on Azure's v1 Responses endpoint ({endpoint}/openai/v1/responses,
// the deployment in body `model`), with Azure's auth and error codes. The v1 endpoint takes
// no api-version, so it serves whatever URL form the Chat Completions side uses.
#pragma once

#include "azure_settings.hpp"

#include <llmhost/protocol/responses/client.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace llmhost::azure_plugin {

ResponsesWireOptions azure_responses_wire_options();

class AzureResponsesClient final : public ResponsesClient {
  public:
    AzureResponsesClient(const ProviderConfig& config, const AzureSettings& settings);

  protected:
    std::string responses_url(const Call& call) const override;
    void authorize(Headers& headers, const Call& call) const override;
    std::optional<Error> upstream_error(const HttpResponseHead& head, std::string_view body,
                                        const Call& call) const override;

  private:
    const AzureSettings& settings_;
};

} // namespace llmhost::azure_plugin
