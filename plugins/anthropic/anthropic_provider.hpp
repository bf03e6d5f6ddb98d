// The anthropic provider: the SDK's AnthropicClient with this provider's base URL and
// options. Serves the `anthropic` id (alias `claude`), the vendors' Anthropic-compatible
// endpoints in the metadata (`zai-anthropic`, ...), config-defined ids that name this plugin,
// and `anthropic-custom:<URL>`, which the host routes here with that base URL.
#pragma once

#include "anthropic_options.hpp"

#include <llmhost/foreign_state.hpp>
#include <llmhost/protocol/anthropic/messages.hpp>
#include <llmhost/provider.hpp>

#include <memory>
#include <utility>

namespace llmhost::anthropic_plugin {

class AnthropicProvider final : public Provider {
  public:
    AnthropicProvider(ProviderConfig config, AnthropicClientOptions options)
        : client_(std::move(config), std::move(options)) {}

    void chat(const ChatRequest& request, Call& call, EventSink& sink) override {
        log_foreign_state(call.host(), "anthropic", request,
                          [](std::string_view origin) { return origin == reasoning_origin::anthropic; });
        client_.chat(request, call, sink);
    }
    boost::json::value list_models(Call& call) override { return client_.list_models(call); }
    int64_t count_tokens(const ChatRequest& request, Call& call) override {
        return client_.count_tokens(request, call);
    }
    bool takes_wire(const WireBody& wire) const override { return client_.takes_wire(wire); }

  private:
    AnthropicClient client_;
};

inline std::unique_ptr<Provider> make_provider(const Host& host, const ProviderConfig& config) {
    AnthropicClientOptions options = read_anthropic_options(config);
    ProviderConfig effective = config;
    effective.base_url = fill_base_url_placeholders(config, host);
    return std::make_unique<AnthropicProvider>(std::move(effective), std::move(options));
}

} // namespace llmhost::anthropic_plugin
