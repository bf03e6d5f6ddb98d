// The host side of plugin isolation: one child process per plugin file, started on first use
// and again (with backoff) after it crashes, exits or hangs. Its table is a stand-in
// llmh_plugin whose operations run in the child: each call takes a channel (a socket the
// child serves on a thread of its own), sends the call, relays the plugin's events, logs and
// JSON to the caller and performs its HTTP exchanges with this host's services.
#pragma once

#include "core/plugins/discovery.hpp"
#include "core/plugins/host_services.hpp"
#include "core/plugins/isolation/channel.hpp"

#include <llmhost/provider_abi.h>

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace llmhost::plugins::isolation {

class PluginProcess;

// The services table the stand-in's create() receives: the host's, and who it is for.
struct ProcessServices {
    llmh_host_services table; // first: create() gets its address
    PluginProcess* process;
};

// One running child.
struct Child {
    pid_t pid = -1;
    uint64_t generation = 0;
    std::unique_ptr<Channel> control; // carries the sockets of new channels
    std::vector<std::unique_ptr<Channel>> idle;
    bool dead = false;
    std::string death; // "was killed by signal 11 (SIGSEGV)"
    std::chrono::steady_clock::time_point started;
};

// A channel to the child, held by one call.
struct Lease {
    std::shared_ptr<Child> child;
    std::unique_ptr<Channel> channel;
};

class PluginProcess {
  public:
    // Starts the child and loads the plugin there; throws PluginLoadError as load_plugin does.
    PluginProcess(const PluginFile& file, const HostServices& services);
    ~PluginProcess();
    PluginProcess(const PluginProcess&) = delete;
    PluginProcess& operator=(const PluginProcess&) = delete;

    const llmh_plugin& table() const { return table_; }
    const llmh_host_services* create_services() const { return &services_.table; }
    const llmh_host_services& host() const { return services_.table; }
    const std::string& name() const { return name_; }

    // A channel to a running child, starting one when none runs; throws llmhost::Error
    // (LLMH_ERR_PLUGIN_INTERNAL) while a crashed child waits for its restart.
    Lease acquire();
    // Gives a channel whose call ended cleanly back for the next call.
    void release(Lease lease);
    // The child behind `lease` is gone (or `kill_reason` says why it must go): reaps it, logs
    // it once, and returns what to tell the call that was running `operation`.
    std::string lost(const Lease& lease, const char* operation, const std::string& kill_reason = {});

  private:
    std::shared_ptr<Child> start(); // with mutex_ held
    void send_fd(Child& child, int fd);

    PluginFile file_;
    const HostServices& host_services_;
    ProcessServices services_;
    llmh_plugin table_{};
    std::string name_, version_; // the plugin's, which table_ views

    std::mutex mutex_;
    std::shared_ptr<Child> child_;
    uint64_t generations_ = 0;
    std::chrono::milliseconds backoff_{0};
    std::chrono::steady_clock::time_point restart_at_{};
    std::string last_death_;
};

} // namespace llmhost::plugins::isolation
