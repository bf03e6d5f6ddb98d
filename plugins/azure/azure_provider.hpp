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

namespace llmhost::azure_plugin {

class AzureProvider final : public Provider {
  public:
    AzureProvider(const ProviderConfig& config, AzureSettings settings);

    void chat(const ChatRequest& request, Call& call, EventSink& sink) override;
    boost::json::value embed(const EmbedRequest& request, Call& call) override;
    boost::json::value list_models(Call& call) override;

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

std::unique_ptr<Provider> make_provider(const Host& host, const ProviderConfig& config);

} // namespace llmhost::azure_plugin
