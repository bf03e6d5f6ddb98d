#include "openai_provider.hpp"

#include <llmhost/support/base_url_placeholders.hpp>
#include <llmhost/support/config_checks.hpp>

#include <string>
#include <utility>

namespace llmhost::openai_plugin {

ResponsesWireOptions responses_wire(const ProviderConfig& config) {
    ResponsesWireOptions wire;
    wire.reasoning_origin =
        is_openai_platform(config) ? std::string(reasoning_origin::openai_responses) : config.id + "-responses";
    return wire;
}

FamilyProvider::FamilyProvider(ProviderConfig config, OpenAIWireOptions wire, WireApiChoice wire_api)
    : client_(config, wire), responses_(config, responses_wire(config)), wire_api_(std::move(wire_api)) {}

void FamilyProvider::chat(const ChatRequest& request, Call& call, EventSink& sink) {
    if (wire_api_.uses_responses(client_.resolve_model(request.model)))
        responses_.chat(request, call, sink);
    else
        client_.chat(request, call, sink);
}

boost::json::value FamilyProvider::embed(const EmbedRequest& request, Call& call) {
    return client_.embed(request, call);
}

boost::json::value FamilyProvider::list_models(Call& call) { return client_.list_models(call); }

bool FamilyProvider::takes_wire(const WireBody& wire) const { return client_.takes_wire(wire); }

bool FamilyProvider::takes_wire_for(const WireBody& wire, const ChatRequest& request) const {
    return client_.takes_wire(wire) && !wire_api_.uses_responses(client_.resolve_model(request.model));
}

std::unique_ptr<Provider> make_provider(const Host& host, const ProviderConfig& config) {
    check_base_url(config);
    FamilyOptions options = read_family_options(config);
    ProviderConfig effective = config;
    effective.base_url = fill_base_url_placeholders(config, host);
    // Configured http_headers are the user's last word, so they go on top.
    for (const auto& [name, value] : config.http_headers)
        set_header(options.headers, name, value);
    effective.http_headers = std::move(options.headers);
    return std::make_unique<FamilyProvider>(std::move(effective), options.wire, std::move(options.wire_api));
}

} // namespace llmhost::openai_plugin
