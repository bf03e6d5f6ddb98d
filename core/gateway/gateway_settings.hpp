// How the gateway serves: where it listens, which client keys it accepts, and the limits
// that keep slow or hostile clients from holding resources.
#pragma once

#include "core/config/config.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace llmhost::gateway {

struct ListenAddress {
    std::string host; // an IP address literal ("127.0.0.1", "::1", "0.0.0.0")
    uint16_t port = 0;
    bool loopback() const;
    std::string url() const; // "http://127.0.0.1:8399", "http://[::1]:8399"
};

// "HOST:PORT", "[IPV6]:PORT", ":PORT" (loopback) or "localhost:PORT"; port 0 asks the
// kernel for a free port. Throws config::ConfigError naming `what` (the flag or key).
ListenAddress parse_listen_address(const std::string& text, const std::string& what);

struct GatewaySettings {
    ListenAddress listen{"127.0.0.1", 8399}; // no bundled provider's default port (8080 is llama.cpp's)
    std::vector<std::string> api_keys;       // interpolated; empty: no client key required
    int64_t max_body_bytes = 10 * 1024 * 1024;
    int64_t max_pending_body_bytes = 256 * 1024 * 1024; // request bodies being read at once, all clients together
    // Host names (with or without port) browsers may reach the gateway by, besides IP
    // addresses and localhost; "*": any. See request_guard.hpp.
    std::vector<std::string> allowed_hosts;
    // Web origins ("https://app.example.com") whose pages may call the gateway; "*": any.
    std::vector<std::string> cors_origins;
    std::chrono::milliseconds header_timeout{10'000};
    std::chrono::milliseconds body_timeout{60'000};
    std::chrono::milliseconds idle_timeout{60'000};
    std::chrono::milliseconds write_timeout{60'000}; // a client that stops reading is dropped
    std::chrono::milliseconds shutdown_timeout{10'000};
    std::chrono::milliseconds models_cache_ttl{60'000};
    unsigned io_threads = 0;           // 0: std::thread::hardware_concurrency()
    unsigned max_blocking_calls = 512; // concurrent calls into plugins that need a thread each
    unsigned max_upstream_idle = 512;  // idle keep-alive connections kept per upstream and loop
    // When set, every chat asking for another model is served by the first of these
    // (`llmhost run`: an agent's side requests name models of its own vendor).
    std::vector<std::string> pinned_models;
    size_t affinity_sessions = 10000; // sessions whose provider and key choice is remembered
    bool verbose = false;             // -v: say what requests lost on the way (tools a provider cannot run, ...)
    bool access_log = true;           // a line per request on stderr (`llmhost run` keeps the agent's terminal clean)
    size_t responses_store_entries = 1000; // Responses kept for previous_response_id and GET (0: none)
    std::chrono::milliseconds responses_store_ttl{60 * 60 * 1000};
};

// [server] of the config, then --listen (`listen_flag`, "" when not given). A non-loopback
// address is only ever used when the flag or the file names it: the built-in default is
// loopback. ${VAR} references in api_keys are expanded (ConfigError when unset).
GatewaySettings gateway_settings(const config::Config& config, const std::string& listen_flag);

// The [server] keys (and --listen) whose values differ between the running settings and a
// reloaded configuration's, other than api_keys, which a reload takes: those need a restart.
std::vector<std::string> settings_needing_restart(const GatewaySettings& running, const GatewaySettings& reloaded);

} // namespace llmhost::gateway
