// The anthropic provider: the SDK's AnthropicClient with this provider's base URL and
// options. Serves the `anthropic` id (alias `claude`), the vendors' Anthropic-compatible
// endpoints in the metadata (`zai-anthropic`, ...), config-defined ids that name this plugin,
// and `anthropic-custom:<URL>`, which the host routes here with that base URL.
#pragma once

#include "anthropic_options.hpp"

#include <llmhost/chat.hpp>
#include <llmhost/protocol/anthropic/client.hpp>
#include <llmhost/provider.hpp>

#include <cstdint>
#include <memory>

namespace llmhost::anthropic_plugin {

class AnthropicProvider final : public Provider {
  public:
    AnthropicProvider(ProviderConfig config, AnthropicClientOptions options);

    void chat(const ChatRequest& request, Call& call, EventSink& sink) override;
    boost::json::value list_models(Call& call) override;
    int64_t count_tokens(const ChatRequest& request, Call& call) override;
    bool takes_wire(const WireBody& wire) const override;

  private:
    AnthropicClient client_;
};

std::unique_ptr<Provider> make_provider(const Host& host, const ProviderConfig& config);

} // namespace llmhost::anthropic_plugin
