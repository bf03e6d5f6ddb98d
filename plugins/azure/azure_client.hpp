// The SDK's OpenAI-compatible client with Azure's URLs, auth and error codes; the wire format
// is otherwise OpenAI's (docs/protocols/azure.md). The `model` it is given is the deployment name
// (AzureProvider routes requests to it), which goes in the URL of the deployment form and
// in body `model` in both forms. Reasoning models served there (DeepSeek-R1 and the like) get
// their reasoning_content back on tool turns, as every OpenAI-family provider does (its origin
// is this provider's id); prompt_cache_key and the other request-2 fields go as OpenAI's.
#pragma once

#include "azure_auth.hpp"
#include "azure_errors.hpp"
#include "azure_settings.hpp"

#include <llmhost/path_segment.hpp>
#include <llmhost/protocol/openai/client.hpp>
#include <llmhost/provider.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace llmhost::azure_plugin {

// The client's view of the configuration: paths hang off {endpoint}/openai[/v1], and
// api-version is added per request instead of as a configured query parameter.
inline ProviderConfig client_config(ProviderConfig config, const AzureSettings& settings) {
    config.base_url = settings.api_root();
    std::erase_if(config.query_params, [](const auto& kv) { return kv.first == "api-version"; });
    return config;
}

inline OpenAIWireOptions azure_wire_options(const AzureSettings& settings) {
    OpenAIWireOptions wire;
    wire.betas = settings.betas;
    return wire;
}

class AzureClient final : public OpenAICompatibleClient {
  public:
    AzureClient(const ProviderConfig& config, AzureSettings settings)
        : OpenAICompatibleClient(client_config(config, settings), azure_wire_options(settings)),
          settings_(std::move(settings)) {}

    const AzureSettings& settings() const { return settings_; }

  protected:
    std::string url_for(OpenAIOperation op, std::string_view deployment, const Call& /*call*/) const override {
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

    void authorize(Headers& headers, const Call& call) const override {
        authorize_request(headers, settings_, config().id, call);
    }

    Error upstream_error(OpenAIOperation /*op*/, std::string_view deployment, const HttpResponseHead& head,
                         std::string_view body, const Call& call) const override {
        return azure_http_error(config().id, deployment, settings_.endpoint, head.status, head.headers, body,
                                call.host().wall_clock_ms());
    }

  private:
    AzureSettings settings_;
};

} // namespace llmhost::azure_plugin
