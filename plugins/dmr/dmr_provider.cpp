#include "dmr_provider.hpp"

#include <string>
#include <utility>

namespace llmhost::dmr_plugin {

DmrProvider::DmrProvider(ProviderConfig config, const DmrOptions& options)
    : configurator_(config.id, dmr_configure_url(config.base_url), options.runtime, options.configure_timeout_ms,
                    config.http_headers),
      client_(std::move(config), dmr_wire_options(options.betas)) {}

void DmrProvider::chat(const ChatRequest& request, Call& call, EventSink& sink) {
    configurator_.ensure_configured(client_.resolve_model(request.model), call);
    client_.chat(request, call, sink);
}

boost::json::value DmrProvider::embed(const EmbedRequest& request, Call& call) {
    configurator_.ensure_configured(client_.resolve_model(request.model), call);
    return client_.embed(request, call);
}

boost::json::value DmrProvider::list_models(Call& call) { return client_.list_models(call); }

std::unique_ptr<DmrProvider> make_dmr_provider(ProviderConfig config, const DmrEnvironment& env) {
    const DmrOptions options = read_dmr_options(config);
    config.base_url = dmr_base_url(config.base_url, env, options.backend);
    return std::make_unique<DmrProvider>(std::move(config), options);
}

std::unique_ptr<Provider> make_provider(const Host& host, const ProviderConfig& config) {
    DmrEnvironment env;
    if (const auto value = host.env("MODEL_RUNNER_HOST")) env.model_runner_host = std::string(*value);
    env.in_container = running_in_container();
    return make_dmr_provider(config, env);
}

} // namespace llmhost::dmr_plugin
