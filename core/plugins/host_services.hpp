// The host side of llmh_host_services: logging, the shared HTTP client, clock, environment
// (with test overrides) and per-call cancellation.
#pragma once

#include "core/transport/http_client.hpp"

#include <llmhost/provider_abi.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace llmhost::plugins {

using LogFunction = std::function<void(llmh_log_level level, std::string_view message)>;

// What the host attaches to each call (llmh_call_context::host_call).
// Answers a plugin's HTTP exchanges instead of the network (the conformance kit's scripted
// host): calls the handler as the transport would, and returns what http_request returns.
// `cancel` is the call's cancellation flag (nullptr when it has none).
using HttpScript = std::function<int32_t(const llmh_http_request& request, const llmh_http_response_handler& handler,
                                         const std::atomic<bool>* cancel, llmh_error& error)>;

struct CallState {
    // The transport for the call's HTTP exchanges. http_request has no `host` argument, so
    // the client travels with the call; NULL makes every exchange fail with a network error.
    transport::HttpClient* http = nullptr;
    const std::atomic<bool>* cancel = nullptr;  // set to true to abandon the call
    std::chrono::milliseconds total_timeout{0}; // defaults for the call's HTTP exchanges
    std::chrono::milliseconds idle_timeout{0};
    transport::ResponseLimits response_limits; // the provider's max_response_bytes / max_stream_line_bytes
    const HttpScript* script = nullptr;        // set: exchanges are answered by it, not the transport
};

class HostServices {
  public:
    explicit HostServices(transport::HttpClient& http);
    ~HostServices();
    HostServices(const HostServices&) = delete;
    HostServices& operator=(const HostServices&) = delete;

    // The table handed to plugins; lives as long as this object (the host keeps it for the
    // whole process).
    const llmh_host_services* table() const;

    // Messages below `min_level` are dropped. Default: stderr, warnings and up.
    void set_logger(LogFunction log, llmh_log_level min_level);
    // The client behind http_request (for CallState::http).
    transport::HttpClient& http_client() const;

    // Makes get_env answer `value` for `name` (tests, and config-provided values).
    void set_env_override(std::string name, std::string value);
    // All of them (a plugin's child process gets a copy).
    std::map<std::string, std::string, std::less<>> env_overrides() const;

    // Every HTTP exchange of calls through these services goes to `script` instead of the
    // network; set before any call.
    void set_http_script(HttpScript script);
    const HttpScript* http_script() const; // nullptr when none

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace llmhost::plugins
