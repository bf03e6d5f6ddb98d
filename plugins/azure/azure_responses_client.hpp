// The SDK's Responses client on Azure's v1 Responses endpoint ({endpoint}/openai/v1/responses,
// the deployment in body `model`), with Azure's auth and error codes. The v1 endpoint takes
// no api-version, so it serves whatever URL form the Chat Completions side uses.
#pragma once

#include "azure_auth.hpp"
#include "azure_errors.hpp"
#include "azure_settings.hpp"

#include <llmhost/protocol/responses/client.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace llmhost::azure_plugin {

inline ResponsesWireOptions azure_responses_wire_options() {
    ResponsesWireOptions wire;
    // Encrypted reasoning is tied to the resource that made it; only Azure gets it back.
    wire.reasoning_origin = "azure-responses";
    return wire;
}

class AzureResponsesClient final : public ResponsesClient {
  public:
    AzureResponsesClient(const ProviderConfig& config, const AzureSettings& settings)
        : ResponsesClient(config, azure_responses_wire_options()), settings_(settings) {}

  protected:
    std::string responses_url(const Call& /*call*/) const override {
        return settings_.endpoint + "/openai/v1/responses";
    }
    void authorize(Headers& headers, const Call& call) const override {
        authorize_request(headers, settings_, config().id, call);
    }
    std::optional<Error> upstream_error(const HttpResponseHead& head, std::string_view body,
                                        const Call& call) const override {
        return azure_http_error(config().id, {}, settings_.endpoint, head.status, head.headers, body,
                                call.host().wall_clock_ms());
    }

  private:
    const AzureSettings& settings_;
};

} // namespace llmhost::azure_plugin
