// One provider of the OpenAI-compatible family: the SDK's OpenAICompatibleClient with this
// provider's base URL, headers and wire knobs. Serves every id in the metadata and any
// config-defined id or `custom:<URL>` the host routes here (with the base_url it resolved).
#pragma once

#include "openai_options.hpp"

#include <llmhost/protocol/openai/compat.hpp>
#include <llmhost/protocol/responses/client.hpp>
#include <llmhost/provider.hpp>

#include <memory>

namespace llmhost::openai_plugin {

// Encrypted reasoning goes back only to the service that made it: OpenAI's under the
// Responses origin every Responses client knows, any other under its own id.
ResponsesWireOptions responses_wire(const ProviderConfig& config);

class FamilyProvider final : public Provider {
  public:
    FamilyProvider(ProviderConfig config, OpenAIWireOptions wire, WireApiChoice wire_api);

    void chat(const ChatRequest& request, Call& call, EventSink& sink) override;
    boost::json::value embed(const EmbedRequest& request, Call& call) override;
    boost::json::value list_models(Call& call) override;
    // A Chat Completions body goes on as it came only to Chat Completions (a wire call has no
    // canonical messages for /responses); the attempt's model decides.
    bool takes_wire(const WireBody& wire) const override;
    bool takes_wire_for(const WireBody& wire, const ChatRequest& request) const override;

  private:
    OpenAICompatibleClient client_;
    ResponsesClient responses_;
    WireApiChoice wire_api_;
};

std::unique_ptr<Provider> make_provider(const Host& host, const ProviderConfig& config);

} // namespace llmhost::openai_plugin
