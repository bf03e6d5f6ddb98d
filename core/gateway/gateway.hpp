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
#include "core/registry/provider_registry.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace llmhost::gateway {

class Gateway {
  public:
    // The references must outlive the gateway. The gateway has its own HTTP transport and
    // host services (plugins it loads first are bound to them).
    Gateway(const config::Config& config, const registry::ProviderRegistry& registry, GatewaySettings settings);
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

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace llmhost::gateway
