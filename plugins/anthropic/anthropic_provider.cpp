#include "anthropic_provider.hpp"

#include <llmhost/protocol/anthropic/messages.hpp>
#include <llmhost/support/base_url_placeholders.hpp>
#include <llmhost/support/foreign_state.hpp>

#include <string_view>
#include <utility>

namespace llmhost::anthropic_plugin {

AnthropicProvider::AnthropicProvider(ProviderConfig config, AnthropicClientOptions options)
    : client_(std::move(config), std::move(options)) {}

void AnthropicProvider::chat(const ChatRequest& request, Call& call, EventSink& sink) {
    log_foreign_state(call.host(), "anthropic", request,
                      [](std::string_view origin) { return origin == reasoning_origin::anthropic; });
    client_.chat(request, call, sink);
}

boost::json::value AnthropicProvider::list_models(Call& call) { return client_.list_models(call); }

int64_t AnthropicProvider::count_tokens(const ChatRequest& request, Call& call) {
    return client_.count_tokens(request, call);
}

bool AnthropicProvider::takes_wire(const WireBody& wire) const { return client_.takes_wire(wire); }

std::unique_ptr<Provider> make_provider(const Host& host, const ProviderConfig& config) {
    AnthropicClientOptions options = read_anthropic_options(config);
    ProviderConfig effective = config;
    effective.base_url = fill_base_url_placeholders(config, host);
    return std::make_unique<AnthropicProvider>(std::move(effective), std::move(options));
}

} // namespace llmhost::anthropic_plugin
