#include "azure_client.hpp"

#include "azure_auth.hpp"
#include "azure_errors.hpp"

#include <llmhost/support/path_segment.hpp>

#include <utility>

namespace llmhost::azure_plugin {

ProviderConfig client_config(ProviderConfig config, const AzureSettings& settings) {
    config.base_url = settings.api_root();
    std::erase_if(config.query_params, [](const auto& kv) { return kv.first == "api-version"; });
    return config;
}

OpenAIWireOptions azure_wire_options(const AzureSettings& settings) {
    OpenAIWireOptions wire;
    wire.betas = settings.betas;
    return wire;
}

AzureClient::AzureClient(const ProviderConfig& config, AzureSettings settings)
    : OpenAICompatibleClient(client_config(config, settings), azure_wire_options(settings)),
      settings_(std::move(settings)) {}

std::string AzureClient::url_for(OpenAIOperation op, std::string_view deployment, const Call& /*call*/) const {
    std::string path;
    if (settings_.form == UrlForm::deployment && op != OpenAIOperation::models)
        path = "/deployments/" + path_segment(deployment, "deployment name");
    switch (op) {
    case OpenAIOperation::chat: path += "/chat/completions"; break;
    case OpenAIOperation::embeddings: path += "/embeddings"; break;
    case OpenAIOperation::models: path += "/models"; break;
    }
    const std::string query =
        settings_.api_version.empty() ? std::string() : "api-version=" + url_encode(settings_.api_version);
    return config().url(path, query);
}

void AzureClient::authorize(Headers& headers, const Call& call) const {
    authorize_request(headers, settings_, config().id, call);
}

Error AzureClient::upstream_error(OpenAIOperation /*op*/, std::string_view deployment, const HttpResponseHead& head,
                                  std::string_view body, const Call& call) const {
    return azure_http_error(config().id, deployment, settings_.endpoint, head.status, head.headers, body,
                            call.host().wall_clock_ms());
}

} // namespace llmhost::azure_plugin
