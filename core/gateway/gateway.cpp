#include "core/gateway/gateway.hpp"

#include "core/gateway/gateway_core.hpp"
#include "core/gateway/http/http_server.hpp"
#include "core/gateway/request_guard.hpp"

#include <thread>

namespace llmhost::gateway {

// How long requests given up at shutdown have to write their error and end.
constexpr std::chrono::milliseconds give_up_grace{1000};
// After the connections are cut: for provider calls to see their cancellation and end.
constexpr std::chrono::milliseconds last_wait{2000};

struct Gateway::Impl {
    // The server is declared first so it is destroyed last: workers (in the core) may still
    // hold its connections until the core has drained them.
    HttpServer server;
    GatewayCore core;
    BrowserGuard browsers;
    bool running = false;

    Impl(const config::Config& config, const registry::ProviderRegistry& registry, GatewaySettings settings)
        : server(
              limits_from(settings),
              [this](std::shared_ptr<HttpExchange> exchange) { route_request(core, std::move(exchange)); },
              [this](const HttpExchange& head) { return admit_request(core, browsers, head); }),
          core(config, registry, std::move(settings)), browsers(core.settings) {}

    static ServerLimits limits_from(const GatewaySettings& s) {
        ServerLimits l;
        l.max_body_bytes = static_cast<size_t>(s.max_body_bytes);
        l.max_pending_body_bytes = static_cast<size_t>(s.max_pending_body_bytes);
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
    const auto now = [] { return std::chrono::steady_clock::now(); };
    if (!server.wait_until_idle(now() + impl_->core.settings.shutdown_timeout)) {
        // Streams still running end with their face's error event, given a moment to go out;
        // then whatever is left is cut (cancelling the provider calls still running).
        server.give_up_requests();
        if (!server.wait_until_idle(now() + give_up_grace)) server.abort_connections();
        server.wait_until_idle(now() + last_wait);
    }
    server.stop();
}

std::chrono::milliseconds Gateway::longest_shutdown() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(impl_->core.settings.shutdown_timeout) +
           give_up_grace + last_wait;
}

} // namespace llmhost::gateway
