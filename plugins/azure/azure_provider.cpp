#include "azure_provider.hpp"

#include <optional>
#include <utility>

namespace llmhost::azure_plugin {

AzureProvider::AzureProvider(const ProviderConfig& config, AzureSettings settings)
    : client_(config, std::move(settings)), responses_(client_.config(), client_.settings()) {}

void AzureProvider::chat(const ChatRequest& request, Call& call, EventSink& sink) {
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

boost::json::value AzureProvider::embed(const EmbedRequest& request, Call& call) {
    return without_token_in_errors(call, [&] {
        if (!client_.settings().deployment) return client_.embed(request, call);
        EmbedRequest routed = request;
        routed.model = *client_.settings().deployment;
        return client_.embed(routed, call);
    });
}

boost::json::value AzureProvider::list_models(Call& call) {
    return without_token_in_errors(call, [&] { return client_.list_models(call); });
}

std::unique_ptr<Provider> make_provider(const Host& host, const ProviderConfig& config) {
    return std::make_unique<AzureProvider>(config, read_azure_settings(config, host));
}

} // namespace llmhost::azure_plugin
