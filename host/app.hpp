// What every command needs, built lazily: the config, the plugin catalog, the provider
// registry, the host services and — for commands that talk to a provider — the selected
// provider, loaded and instantiated.
#pragma once

#include "core/config/config.hpp"
#include "core/plugins/discovery.hpp"
#include "core/plugins/host_services.hpp"
#include "core/plugins/plugin_loader.hpp"
#include "core/registry/credentials.hpp"
#include "core/registry/provider_registry.hpp"
#include "core/registry/selection.hpp"
#include "core/reliability/attempt_loop.hpp"
#include "core/reliability/provider_call.hpp"
#include "core/reliability/provider_pool.hpp"
#include "core/reliability/request_plan.hpp"
#include "core/transport/http_client.hpp"
#include "host/cli_options.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace llmhost::cli {

// Set by SIGINT/SIGTERM; every provider call polls it.
extern std::atomic<bool> g_interrupted;

// Replaces every credential this process resolved with "****" (defence in depth: an
// upstream error message may quote the key it rejected).
std::string scrub_secrets(std::string text);

// True while the last byte written to stdout by `chat` was not a newline, so a diagnostic
// printed now would share the terminal line with the reply.
extern bool g_stdout_midline;

using reliability::RequestPlan;

class App {
  public:
    explicit App(GlobalOptions options) : options_(std::move(options)) {}

    const GlobalOptions& options() const { return options_; }
    const config::Config& config();
    std::vector<std::string> plugin_dirs();
    const plugins::PluginCatalog& catalog();

    // The configuration and the plugin directories read again, for a running gateway's
    // reload (what the getters above return stays as it was). Throws config::ConfigError.
    struct Reread {
        config::Config config;
        plugins::PluginCatalog catalog;
    };
    Reread read_again() const;
    const registry::ProviderRegistry& registry();
    plugins::HostServices& services();

    // Selects the provider and model, loads the selected plugin (exit 6 when it cannot be)
    // and resolves keys (exit 3 when the selected provider has none) — all before any
    // network I/O.
    RequestPlan plan_request(bool model_required = true);

    // The instance serving a provider, created on first use.
    plugins::ProviderInstance& instance(const registry::ProviderDefinition& provider);

    // Runs `op` through the attempt loop (retries, key rotation, fallbacks); `-v` logs each
    // attempt. `committed` says whether output already reached the user.
    reliability::LoopResult run_attempts(const RequestPlan& plan, const reliability::InstanceOperation& op,
                                         const std::function<bool()>& committed = {});

    // Diagnostics go to stderr; -q silences warnings.
    void warn(const std::string& message) const;
    void debug(const std::string& message) const;

  private:
    reliability::ProviderPool& pool();
    std::vector<std::string> plugin_dirs_for(const config::Config& config) const;

    GlobalOptions options_;
    std::optional<config::Config> config_;
    std::optional<plugins::PluginCatalog> catalog_;
    std::optional<registry::ProviderRegistry> registry_;
    std::unique_ptr<transport::HttpClient> http_;
    std::unique_ptr<plugins::HostServices> services_;
    std::unique_ptr<reliability::ProviderPool> pool_;
    reliability::SystemClock clock_;
    reliability::HealthState health_;
};

} // namespace llmhost::cli
