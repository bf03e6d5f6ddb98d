#include "azure_responses_client.hpp"

#include "azure_auth.hpp"
#include "azure_errors.hpp"

namespace llmhost::azure_plugin {

ResponsesWireOptions azure_responses_wire_options() {
    ResponsesWireOptions wire;
    // Encrypted reasoning is tied to the resource that made it; only Azure gets it back.
    wire.reasoning_origin = "azure-responses";
    return wire;
}

AzureResponsesClient::AzureResponsesClient(const ProviderConfig& config, const AzureSettings& settings)
    : ResponsesClient(config, azure_responses_wire_options()), settings_(settings) {}

std::string AzureResponsesClient::responses_url(const Call& /*call*/) const {
    return settings_.endpoint + "/openai/v1/responses";
}

void AzureResponsesClient::authorize(Headers& headers, const Call& call) const {
    authorize_request(headers, settings_, config().id, call);
}

std::optional<Error> AzureResponsesClient::upstream_error(const HttpResponseHead& head, std::string_view body,
                                                          const Call& call) const {
    return azure_http_error(config().id, {}, settings_.endpoint, head.status, head.headers, body,
                            call.host().wall_clock_ms());
}

} // namespace llmhost::azure_plugin
