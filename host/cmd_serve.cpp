// `serve`: runs the gateway (core/gateway) until SIGTERM or SIGINT, then shuts it down
// gracefully and exits 0.
#include "core/gateway/gateway.hpp"
#include "host/allocator_tuning.hpp"
#include "host/commands.hpp"
#include "host/exit_codes.hpp"
#include "host/interrupts.hpp"
#include "host/service_notify.hpp"

#include <chrono>
#include <cstdio>
#include <thread>

namespace llmhost::cli {

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
    gateway::Gateway gateway(app.config(), app.registry(), std::move(settings));
    if (const auto note = gateway.preload_default_provider(); !note.empty()) app.warn("warning: " + note);
    const std::string url = gateway.start();
    std::fprintf(stderr, "llmhost: serving on %s\n", url.c_str());
    std::fflush(stderr);
    notify_service_manager("READY=1\nSTATUS=serving on " + url);
    // A plugin that does not stop must not hold the process past the shutdown deadline.
    set_interrupt_deadline(gateway.longest_shutdown() + std::chrono::seconds(1), exit_failure,
                           "a provider call (its plugin ignores cancellation)");

    // The signal handler only sets a flag; a short poll keeps shutdown prompt.
    while (!g_interrupted.load(std::memory_order_relaxed))
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::fprintf(stderr, "llmhost: shutting down (requests in flight may finish)\n");
    notify_service_manager("STOPPING=1\nSTATUS=shutting down");
    gateway.shutdown();
    return exit_ok;
}

} // namespace llmhost::cli
