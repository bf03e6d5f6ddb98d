// One Azure OpenAI provider: routes each request to its deployment (options.deployment, else
// the model name) and keeps the Entra ID token out of every error message, as the SDK client
// already does for the attempt's key.
#pragma once

#include "azure_auth.hpp"
#include "azure_client.hpp"
#include "azure_responses_client.hpp"
#include "azure_settings.hpp"

#include <llmhost/protocol/openai/errors.hpp>
#include <llmhost/provider.hpp>

#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace llmhost::azure_plugin {

class AzureProvider final : public Provider {
  public:
    AzureProvider(const ProviderConfig& config, AzureSettings settings)
        : client_(config, std::move(settings)), responses_(client_.config(), client_.settings()) {}

    void chat(const ChatRequest& request, Call& call, EventSink& sink) override {
        without_token_in_errors(call, [&] {
            std::optional<ChatRequest> routed; // copied only to name the deployment
            if (client_.settings().deployment) {
                routed = request;
                routed->model = *client_.settings().deployment;
            }
            const ChatRequest& to_send = routed ? *routed : request;
            if (client_.settings().wire_api.uses_responses(client_.resolve_model(to_send.model)))
                return responses_.chat(to_send, call, sink);
            client_.chat(to_send, call, sink);
        });
    }

    boost::json::value embed(const EmbedRequest& request, Call& call) override {
        return without_token_in_errors(call, [&] {
            if (!client_.settings().deployment) return client_.embed(request, call);
            EmbedRequest routed = request;
            routed.model = *client_.settings().deployment;
            return client_.embed(routed, call);
        });
    }

    boost::json::value list_models(Call& call) override {
        return without_token_in_errors(call, [&] { return client_.list_models(call); });
    }

  private:
    template <class Body> auto without_token_in_errors(const Call& call, Body&& body) -> decltype(body()) {
        try {
            return body();
        } catch (const Error& e) {
            if (client_.settings().auth != AuthMode::entra) throw;
            const auto token = call.host().env(client_.settings().token_env);
            if (!token || token->empty()) throw;
            throw redact_secret(e, *token);
        }
    }

    AzureClient client_;
    AzureResponsesClient responses_; // shares client_'s settings
};

inline std::unique_ptr<Provider> make_provider(const Host& host, const ProviderConfig& config) {
    return std::make_unique<AzureProvider>(config, read_azure_settings(config, host));
}

} // namespace llmhost::azure_plugin
