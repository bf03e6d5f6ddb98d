// `serve`: runs the gateway (core/gateway) until SIGTERM or SIGINT, then shuts it down
// gracefully and exits 0. SIGHUP or POST /admin/reload (`llmhost reload`) reads the
// configuration and the plugin directories again: new requests are served with them, requests
// in flight finish with what they started with, and a configuration with errors is refused
// (logged, the running one kept).
#include "core/gateway/gateway.hpp"
#include "host/allocator_tuning.hpp"
#include "host/commands.hpp"
#include "host/exit_codes.hpp"
#include "host/interrupts.hpp"
#include "host/reload_signal.hpp"
#include "host/service_notify.hpp"

#include <chrono>
#include <cstdio>
#include <thread>

namespace llmhost::cli {

namespace {

void log_line(const std::string& line) {
    std::fprintf(stderr, "llmhost: %s\n", line.c_str());
    std::fflush(stderr);
}

// Reads the configuration and plugin directories again and hands them to the gateway.
gateway::ReloadOutcome reload_from_disk(const App& app, gateway::Gateway& gateway, const std::string& listen) {
    gateway::ReloadOutcome outcome;
    try {
        auto reread = app.read_again();
        auto settings = gateway::gateway_settings(reread.config, listen);
        outcome = gateway.reload(std::move(reread.config), std::move(reread.catalog), settings);
    } catch (const std::exception& e) {
        outcome = {false, {e.what()}};
    }
    if (outcome.reloaded) {
        log_line("reloaded the configuration and plugin directories");
        for (const auto& note : outcome.messages)
            log_line("reload: " + note);
    } else {
        for (const auto& error : outcome.messages)
            log_line("reload refused, the running configuration stays: " + error);
    }
    return outcome;
}

} // namespace

int run_serve(App& app, ArgReader& args) {
    std::string listen;
    args.value("--listen", listen);
    if (!args.positional("serve").empty()) throw UsageError("serve takes no arguments (see `llmhost --help`)");

    auto settings = gateway::gateway_settings(app.config(), listen);
    settings.verbose = app.options().verbosity > 0;
    if (!settings.listen.loopback() && settings.api_keys.empty())
        app.warn("warning: serving on " + settings.listen.host +
                 " without [server] api_keys: anyone who can reach this address can use your provider keys");
    keep_freed_memory_for_reuse();
    gateway::Gateway gateway(app.config(), app.catalog(), std::move(settings));
    gateway.on_reload_request([&] { return reload_from_disk(app, gateway, listen); });
    if (const auto note = gateway.preload_default_provider(); !note.empty()) app.warn("warning: " + note);
    install_reload_handler();
    const std::string url = gateway.start();
    log_line("serving on " + url);
    notify_service_manager("READY=1\nSTATUS=serving on " + url);
    // A plugin that does not stop must not hold the process past the shutdown deadline.
    set_interrupt_deadline(gateway.longest_shutdown() + std::chrono::seconds(1), exit_failure,
                           "a provider call (its plugin ignores cancellation)");

    // The signal handlers only set flags; a short poll keeps shutdown and reload prompt.
    while (!g_interrupted.load(std::memory_order_relaxed)) {
        if (take_reload_request()) {
            notify_service_manager("RELOADING=1\nSTATUS=reloading");
            reload_from_disk(app, gateway, listen);
            notify_service_manager("READY=1\nSTATUS=serving on " + url);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    log_line("shutting down (requests in flight may finish)");
    notify_service_manager("STOPPING=1\nSTATUS=shutting down");
    gateway.shutdown();
    return exit_ok;
}

} // namespace llmhost::cli
