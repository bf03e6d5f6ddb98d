// One Docker Model Runner provider: the OpenAI-compatible client at the discovered base URL,
// with the runtime configuration applied before a model's first chat or embeddings request.
#pragma once

#include "dmr_base_url.hpp"
#include "dmr_client.hpp"
#include "dmr_options.hpp"
#include "dmr_runtime_config.hpp"

#include <llmhost/provider.hpp>

#include <memory>

namespace llmhost::dmr_plugin {

class DmrProvider final : public Provider {
  public:
    DmrProvider(ProviderConfig config, const DmrOptions& options);

    void chat(const ChatRequest& request, Call& call, EventSink& sink) override;
    boost::json::value embed(const EmbedRequest& request, Call& call) override;
    boost::json::value list_models(Call& call) override;

    const ProviderConfig& config() const { return client_.config(); }

  private:
    RuntimeConfigurator configurator_;
    OpenAICompatibleClient client_;
};

// `env` is what discovery sees; the plugin's factory passes the real one.
std::unique_ptr<DmrProvider> make_dmr_provider(ProviderConfig config, const DmrEnvironment& env);

std::unique_ptr<Provider> make_provider(const Host& host, const ProviderConfig& config);

} // namespace llmhost::dmr_plugin
