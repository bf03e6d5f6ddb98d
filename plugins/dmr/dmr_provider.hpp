// One Docker Model Runner provider: the OpenAI-compatible client at the discovered base URL,
// with the runtime configuration applied before a model's first chat or embeddings request.
#pragma once

#include "dmr_base_url.hpp"
#include "dmr_client.hpp"
#include "dmr_options.hpp"
#include "dmr_runtime_config.hpp"

#include <llmhost/provider.hpp>

#include <memory>
#include <string>
#include <utility>

namespace llmhost::dmr_plugin {

class DmrProvider final : public Provider {
  public:
    DmrProvider(ProviderConfig config, const DmrOptions& options)
        : configurator_(config.id, dmr_configure_url(config.base_url), options.runtime, options.configure_timeout_ms,
                        config.http_headers),
          client_(std::move(config), dmr_wire_options(options.betas)) {}

    void chat(const ChatRequest& request, Call& call, EventSink& sink) override {
        configurator_.ensure_configured(client_.resolve_model(request.model), call);
        client_.chat(request, call, sink);
    }
    boost::json::value embed(const EmbedRequest& request, Call& call) override {
        configurator_.ensure_configured(client_.resolve_model(request.model), call);
        return client_.embed(request, call);
    }
    boost::json::value list_models(Call& call) override { return client_.list_models(call); }

    const ProviderConfig& config() const { return client_.config(); }

  private:
    RuntimeConfigurator configurator_;
    OpenAICompatibleClient client_;
};

// `env` is what discovery sees; the plugin's factory passes the real one.
inline std::unique_ptr<DmrProvider> make_dmr_provider(ProviderConfig config, const DmrEnvironment& env) {
    const DmrOptions options = read_dmr_options(config);
    config.base_url = dmr_base_url(config.base_url, env, options.backend);
    return std::make_unique<DmrProvider>(std::move(config), options);
}

inline std::unique_ptr<Provider> make_provider(const Host& host, const ProviderConfig& config) {
    DmrEnvironment env;
    if (const auto value = host.env("MODEL_RUNNER_HOST")) env.model_runner_host = std::string(*value);
    env.in_container = running_in_container();
    return make_dmr_provider(config, env);
}

} // namespace llmhost::dmr_plugin
