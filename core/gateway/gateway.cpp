#include "core/gateway/gateway.hpp"

#include "core/gateway/gateway_core.hpp"
#include "core/gateway/http/http_server.hpp"

#include <thread>

namespace llmhost::gateway {

struct Gateway::Impl {
    // The server is declared first so it is destroyed last: workers (in the core) may still
    // hold its connections until the core has drained them.
    HttpServer server;
    GatewayCore core;
    bool running = false;

    Impl(const config::Config& config, const registry::ProviderRegistry& registry, GatewaySettings settings)
        : server(limits_from(settings),
                 [this](std::shared_ptr<HttpExchange> exchange) { route_request(core, std::move(exchange)); }),
          core(config, registry, std::move(settings)) {}

    static ServerLimits limits_from(const GatewaySettings& s) {
        ServerLimits l;
        l.max_body_bytes = static_cast<size_t>(s.max_body_bytes);
        l.header_timeout = s.header_timeout;
        l.body_timeout = s.body_timeout;
        l.idle_timeout = s.idle_timeout;
        l.write_timeout = s.write_timeout;
        return l;
    }
};

Gateway::Gateway(const config::Config& config, const registry::ProviderRegistry& registry, GatewaySettings settings)
    : impl_(std::make_unique<Impl>(config, registry, std::move(settings))) {}

Gateway::~Gateway() { shutdown(); }

std::string Gateway::preload_default_provider() {
    auto& core = impl_->core;
    registry::Selection selection;
    try {
        selection = registry::select_provider({}, core.registry, core.config, /*model_required=*/false);
    } catch (const std::exception&) {
        return {}; // no default provider: every request names one
    }
    try {
        core.pool.get(selection.provider);
        return {};
    } catch (const std::exception& e) {
        return "the default provider '" + selection.provider.id + "' could not be prepared: " + e.what();
    }
}

std::string Gateway::start() {
    auto& s = impl_->core.settings;
    ListenAddress bound = s.listen;
    bound.port = impl_->server.listen(s.listen.host, s.listen.port);
    const unsigned threads = s.io_threads ? s.io_threads : std::max(1u, std::thread::hardware_concurrency());
    impl_->server.start(threads);
    impl_->running = true;
    return bound.url();
}

void Gateway::shutdown() {
    if (!impl_->running) return;
    impl_->running = false;
    auto& server = impl_->server;
    server.stop_accepting();
    if (!server.wait_until_idle(std::chrono::steady_clock::now() + impl_->core.settings.shutdown_timeout)) {
        server.abort_connections(); // cancels the provider calls still running
        server.wait_until_idle(std::chrono::steady_clock::now() + std::chrono::seconds(2));
    }
    server.stop();
}

} // namespace llmhost::gateway
