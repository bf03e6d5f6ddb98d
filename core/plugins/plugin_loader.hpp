// Loading the one selected plugin (Boost.DLL) and talking to its provider instances.
#pragma once

#include "core/fiber/stall_watch.hpp"
#include "core/plugins/discovery.hpp"
#include "core/plugins/host_services.hpp"

#include <llmhost/provider_abi.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace llmhost::plugins {

// A plugin that could not be loaded or initialised (the CLI exits 6). The message names
// the file and the reason: missing library X, ABI versions, missing entry point, init error.
class PluginLoadError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct CallOptions {
    std::string_view api_key; // this attempt's credential ("" for keyless)
    const std::atomic<bool>* cancel = nullptr;
    std::chrono::milliseconds total_timeout{0}; // 0: the transport default
    std::chrono::milliseconds idle_timeout{0};
    transport::ResponseLimits response_limits; // how much of a response the call may be made to hold
};

// One provider instance created by a plugin. Every method throws llmhost::Error (the
// plugin's typed error) on failure. A NULL operation in the plugin's table throws
// Error(LLMH_ERR_UNSUPPORTED, "<plugin> does not support <op>").
class ProviderInstance final : private fiber::StallListener {
  public:
    // `services` supplies the HTTP transport for the calls (LoadedPlugin::create passes its
    // own); without it the plugin's HTTP exchanges fail with a network error.
    ProviderInstance(const llmh_plugin& plugin, llmh_provider* provider, const HostServices* services = nullptr);
    ~ProviderInstance();
    ProviderInstance(const ProviderInstance&) = delete;
    ProviderInstance& operator=(const ProviderInstance&) = delete;

    // Events arrive on the calling thread; on_event returns false to stop the stream, and
    // chat then returns normally (a stop the caller asked for is not an error). An exception
    // thrown by on_event stops the stream and is rethrown from chat.
    void chat(std::string_view request_json, const CallOptions& options,
              const std::function<bool(const llmh_event&)>& on_event);
    // The same for a client's own request body in `protocol` beside the canonical request
    // without it (ABI 1.2, llmh_plugin.chat_wire). False, with nothing sent and no event,
    // when the plugin does not take that protocol's bodies as they come: call chat() instead.
    bool chat_wire(std::string_view protocol, std::string_view wire_body, std::string_view request_json,
                   const CallOptions& options, const std::function<bool(const llmh_event&)>& on_event);
    std::string embed(std::string_view request_json, const CallOptions& options);
    std::string list_models(const CallOptions& options);
    // The input tokens of a canonical request, from the provider's own counter; throws
    // LLMH_ERR_UNSUPPORTED (naming the plugin) when it has none.
    int64_t count_tokens(std::string_view request_json, const CallOptions& options);
    // LLMH_CAP_* bits for `model`, or 0 when the plugin defers to its metadata.
    uint32_t capabilities(std::string_view model) const;

  private:
    // Runs one call into the plugin, on a pool thread when it may block a fiber's thread.
    void enter(const char* operation, const std::function<void()>& call) const;
    using ChatEntry = std::function<int32_t(const llmh_call_context*, const llmh_event_sink*, llmh_error*)>;
    // One chat call through `entry`, its events to `on_event`; false when `may_decline` and
    // the plugin answered LLMH_ERR_UNSUPPORTED before any event.
    bool run_chat(const CallOptions& options, const std::function<bool(const llmh_event&)>& on_event, bool may_decline,
                  const ChatEntry& entry);

    const llmh_plugin& plugin_;
    llmh_provider* provider_;
    const HostServices* services_;
    std::string name_;       // the plugin's name, for error messages
    std::string subject_;    // "plugin '<name>'", for the crash report
    const bool cooperative_; // LLMH_PLUGIN_COOPERATIVE
    // Declared COOPERATIVE but blocked an event loop: its calls go to the thread pool since.
    std::atomic<bool> blocks_loops_{false};
    void on_stall(std::chrono::milliseconds stalled_for) noexcept override;
};

// A loaded, initialised plugin. Never unloaded.
class LoadedPlugin {
  public:
    const llmh_plugin& table() const { return *table_; }
    const PluginFile& file() const { return file_; }

    // Creates a provider instance; throws llmhost::Error (e.g. LLMH_ERR_INVALID_CONFIG with
    // the plugin's message) when the plugin refuses the configuration.
    std::unique_ptr<ProviderInstance> create(std::string_view provider_id, std::string_view config_json) const;

    // `create_services`: the table create() hands the plugin (default: services' own).
    LoadedPlugin(PluginFile file, const llmh_plugin* table, const HostServices& services,
                 const llmh_host_services* create_services = nullptr)
        : file_(std::move(file)), table_(table), services_(services),
          create_services_(create_services ? create_services : services.table()) {}

  private:
    PluginFile file_;
    const llmh_plugin* table_;
    const HostServices& services_;
    const llmh_host_services* create_services_;
};

// Loads `file` (once per path per process; later calls return the same object, bound to the
// services of the first call), checks its ABI version and runs its init. Throws
// PluginLoadError; a failed load may be retried (init runs again).
const LoadedPlugin& load_plugin(const PluginFile& file, const HostServices& services);

// The same for a provider configured with isolation = "process": the plugin is loaded by a
// child process of this binary (isolation/plugin_process.cpp), and the returned plugin's table
// reaches it over sockets. A crash, exit or hang there fails the calls in flight with
// LLMH_ERR_PLUGIN_INTERNAL, and the next call starts the child again (with backoff).
const LoadedPlugin& load_isolated_plugin(const PluginFile& file, const HostServices& services);

// Opens the library at `path`, checks its table and runs its init with `services`; it stays
// mapped until the process exits. Throws PluginLoadError. Not for concurrent use: load_plugin
// calls it under its lock, a plugin's child process once at its start.
const llmh_plugin& open_plugin_library(const std::string& path, const llmh_host_services* services);

// The plugin file this process loaded from `path`, as it was then; nullptr when none was.
// A file replaced since (another version dropped in) cannot be loaded again in this process.
const PluginFile* loaded_plugin_file(const std::string& path);

} // namespace llmhost::plugins
