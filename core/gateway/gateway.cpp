#include "core/gateway/gateway.hpp"

#include "core/gateway/gateway_core.hpp"
#include "core/gateway/http/http_server.hpp"
#include "core/gateway/request_guard.hpp"

#include <mutex>
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
    std::mutex reloading; // one reload at a time (SIGHUP and POST /admin/reload may meet)

    Impl(config::Config config, plugins::PluginCatalog plugins, GatewaySettings settings)
        : server(
              limits_from(settings),
              [this](std::shared_ptr<HttpExchange> exchange) { route_request(core, std::move(exchange)); },
              [this](const HttpExchange& head) { return admit_request(core, browsers, head); }),
          core(std::move(config), std::move(plugins), std::move(settings)), browsers(core.settings) {}

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

Gateway::Gateway(config::Config config, plugins::PluginCatalog plugins, GatewaySettings settings)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(plugins), std::move(settings))) {}

Gateway::~Gateway() { shutdown(); }

std::string Gateway::preload_default_provider() {
    const auto generation = impl_->core.generation();
    registry::Selection selection;
    try {
        selection = registry::select_provider({}, generation->registry, generation->config, /*model_required=*/false);
    } catch (const std::exception&) {
        return {}; // no default provider: every request names one
    }
    try {
        generation->pool.get(selection.provider);
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

ReloadOutcome Gateway::reload(config::Config config, plugins::PluginCatalog plugins, const GatewaySettings& settings) {
    auto& core = impl_->core;
    std::lock_guard lock(impl_->reloading);
    ReloadOutcome outcome{true, {}};
    for (const auto& key : settings_needing_restart(core.settings, settings))
        outcome.messages.push_back("[server] " + key + " changed: it takes effect at the next restart");
    for (const auto& file : plugins.files()) {
        const auto* loaded = plugins::loaded_plugin_file(file.path);
        if (!loaded || !loaded->metadata || !file.metadata || loaded->metadata->version == file.metadata->version)
            continue;
        outcome.messages.push_back(file.path + " is now version " + file.metadata->version + ", but version " +
                                   loaded->metadata->version +
                                   " is loaded and stays in use: a plugin cannot be replaced in a running "
                                   "process; restart to use the new one");
    }
    const auto previous = core.generation();
    core.replace_generation(std::make_shared<const GatewayGeneration>(
        std::move(config), std::move(plugins), settings.api_keys, core.services, previous.get()));
    return outcome;
}

void Gateway::on_reload_request(std::function<ReloadOutcome()> reload_from_disk) {
    impl_->core.reload_from_disk = std::move(reload_from_disk);
}

} // namespace llmhost::gateway
