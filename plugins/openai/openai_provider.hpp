// One provider of the OpenAI-compatible family: the SDK's OpenAICompatibleClient with this
// provider's base URL, headers and wire knobs. Serves every id in the metadata and any
// config-defined id or `custom:<URL>` the host routes here (with the base_url it resolved).
#pragma once

#include "openai_options.hpp"

#include <llmhost/config_checks.hpp>
#include <llmhost/protocol/openai/compat.hpp>
#include <llmhost/protocol/responses/client.hpp>
#include <llmhost/provider.hpp>

#include <memory>
#include <string>
#include <utility>

namespace llmhost::openai_plugin {

// Encrypted reasoning goes back only to the service that made it: OpenAI's under the
// Responses origin every Responses client knows, any other under its own id.
inline ResponsesWireOptions responses_wire(const ProviderConfig& config) {
    ResponsesWireOptions wire;
    wire.reasoning_origin =
        is_openai_platform(config) ? std::string(reasoning_origin::openai_responses) : config.id + "-responses";
    return wire;
}

class FamilyProvider final : public Provider {
  public:
    FamilyProvider(ProviderConfig config, OpenAIWireOptions wire, WireApiChoice wire_api)
        : client_(config, wire), responses_(config, responses_wire(config)), wire_api_(std::move(wire_api)) {}

    void chat(const ChatRequest& request, Call& call, EventSink& sink) override {
        if (wire_api_.uses_responses(client_.resolve_model(request.model)))
            responses_.chat(request, call, sink);
        else
            client_.chat(request, call, sink);
    }
    boost::json::value embed(const EmbedRequest& request, Call& call) override { return client_.embed(request, call); }
    boost::json::value list_models(Call& call) override { return client_.list_models(call); }
    // A Chat Completions body goes on as it came only to Chat Completions (a wire call has no
    // canonical messages for /responses); the attempt's model decides.
    bool takes_wire(const WireBody& wire) const override { return client_.takes_wire(wire); }
    bool takes_wire_for(const WireBody& wire, const ChatRequest& request) const override {
        return client_.takes_wire(wire) && !wire_api_.uses_responses(client_.resolve_model(request.model));
    }

  private:
    OpenAICompatibleClient client_;
    ResponsesClient responses_;
    WireApiChoice wire_api_;
};

inline std::unique_ptr<Provider> make_provider(const Host& host, const ProviderConfig& config) {
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
