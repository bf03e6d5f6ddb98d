// `llmhost serve`: the OpenAI- and Anthropic-compatible HTTP gateway. Any face reaches any
// provider through the canonical model, with the same selection and attempt loop as the CLI.
//
// Threads: `io_threads` event loops (default: one per core) each run their share of the
// connections asynchronously, and each request's provider call as a fiber on the same loop:
// while the call waits for its upstream, the loop serves others. Calls into plugins that are
// not LLMH_PLUGIN_COOPERATIVE run on a thread pool instead (up to `max_blocking_calls`).
#pragma once

#include "core/config/config.hpp"
#include "core/gateway/gateway_settings.hpp"
#include "core/plugins/discovery.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace llmhost::gateway {

// What a reload did: taken, with notes on what it could not change (a restart is needed for
// those), or refused — the running configuration kept — with what is wrong with the new one.
struct ReloadOutcome {
    bool reloaded = false;
    std::vector<std::string> messages;
};

class Gateway {
  public:
    // The gateway has its own HTTP transport and host services (plugins it loads first are
    // bound to them).
    Gateway(config::Config config, plugins::PluginCatalog plugins, GatewaySettings settings);
    ~Gateway();
    Gateway(const Gateway&) = delete;
    Gateway& operator=(const Gateway&) = delete;

    // Loads the plugin of the provider a request without `model` selects (when there is
    // such a default), so that the first request does not pay for it. Returns what it
    // could not do ("" when all is well).
    std::string preload_default_provider();

    // Binds (throws std::runtime_error when it cannot) and starts serving. Returns the URL
    // served, with the real port when port 0 was asked for.
    std::string start();

    // Stops accepting, lets requests in flight finish until the shutdown timeout, cancels
    // the rest, and returns once every thread has stopped.
    void shutdown();

    // The longest shutdown() takes when every provider call honours its cancellation; longer
    // means a plugin that does not stop, which the process should not wait for.
    std::chrono::milliseconds longest_shutdown() const;

    // Serves new requests with `config` and `plugins` (requests in flight finish with the
    // ones they started with); of `settings` ([server] of the new configuration) only
    // api_keys is taken. The notes name what needs a restart: other [server] keys that
    // changed, and plugin files replaced since this process loaded them.
    ReloadOutcome reload(config::Config config, plugins::PluginCatalog plugins, const GatewaySettings& settings);

    // What POST /admin/reload runs (set before start(); without it the endpoint answers 404):
    // the host reads the configuration and plugin directories again and calls reload().
    void on_reload_request(std::function<ReloadOutcome()> reload_from_disk);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace llmhost::gateway
