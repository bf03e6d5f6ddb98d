#include "host/reload_signal.hpp"

#include <atomic>
#include <csignal>

namespace llmhost::cli {

namespace {

std::atomic<bool> reload_requested{false};

void on_hangup(int) { reload_requested.store(true, std::memory_order_relaxed); }

} // namespace

void install_reload_handler() {
    struct sigaction sa {};
    sa.sa_handler = on_hangup;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGHUP, &sa, nullptr);
}

bool take_reload_request() { return reload_requested.exchange(false, std::memory_order_relaxed); }

} // namespace llmhost::cli
