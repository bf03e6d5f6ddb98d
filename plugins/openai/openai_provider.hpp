// One provider of the OpenAI-compatible family: the SDK's OpenAICompatibleClient with this
// provider's base URL, headers and wire knobs. Serves every id in the metadata and any
// config-defined id or `custom:<URL>` the host routes here (with the base_url it resolved).
#pragma once

#include "openai_options.hpp"

#include <llmhost/config_checks.hpp>
#include <llmhost/openai_compat.hpp>
#include <llmhost/provider.hpp>

#include <memory>
#include <string>
#include <utility>

namespace llmhost::openai_plugin {

class FamilyProvider final : public Provider {
  public:
    FamilyProvider(ProviderConfig config, OpenAIWireOptions wire) : client_(std::move(config), wire) {}

    void chat(const ChatRequest& request, Call& call, EventSink& sink) override { client_.chat(request, call, sink); }
    boost::json::value embed(const EmbedRequest& request, Call& call) override { return client_.embed(request, call); }
    boost::json::value list_models(Call& call) override { return client_.list_models(call); }
    bool takes_wire(const WireBody& wire) const override { return client_.takes_wire(wire); }

  private:
    OpenAICompatibleClient client_;
};

inline std::unique_ptr<Provider> make_provider(const Host& host, const ProviderConfig& config) {
    try {
        check_base_url(config);
        FamilyOptions options = read_family_options(config);
        ProviderConfig effective = config;
        effective.base_url = fill_base_url_placeholders(config, host);
        // Configured http_headers are the user's last word, so they go on top.
        for (const auto& [name, value] : config.http_headers)
            set_header(options.headers, name, value);
        effective.http_headers = std::move(options.headers);
        return std::make_unique<FamilyProvider>(std::move(effective), options.wire);
    } catch (const Error& e) {
        throw Error(e.error_class(), config.id + ": " + e.what());
    }
}

} // namespace llmhost::openai_plugin
