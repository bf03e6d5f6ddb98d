#include "host/interrupts.hpp"

#include "host/app.hpp"
#include "host/exit_codes.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace llmhost::cli {
namespace {

int g_signal_pipe[2] = {-1, -1};

struct Deadline {
    std::mutex mutex;
    std::chrono::milliseconds grace{300};
    int exit_code = exit_interrupted;
    std::string what; // what did not stop, for the message
    std::string current_call;
};

Deadline& deadline() {
    static Deadline d;
    return d;
}

void on_signal(int) {
    if (g_interrupted.exchange(true)) _exit(exit_interrupted); // a second Ctrl-C: leave now
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signal_pipe[1], &byte, 1);
}

// Waits for the first signal, then gives the command its grace period. Still running after
// it means a plugin ignored the cancellation: say so and leave without it. Output already
// produced is flushed first unless the blocked thread holds stdout.
void enforce_deadline() {
    char byte;
    while (::read(g_signal_pipe[0], &byte, 1) < 0 && errno == EINTR) {
    }
    std::chrono::milliseconds grace;
    {
        std::lock_guard lock(deadline().mutex);
        grace = deadline().grace;
    }
    std::this_thread::sleep_for(grace);
    std::string message;
    int code;
    {
        std::lock_guard lock(deadline().mutex);
        code = deadline().exit_code;
        std::string what = !deadline().current_call.empty() ? deadline().current_call : deadline().what;
        message = "\nllmhost: interrupted; " + (what.empty() ? std::string("the command") : what) +
                  " did not stop within " + std::to_string(grace.count()) + " ms; exiting without it\n";
    }
    if (ftrylockfile(stdout) == 0) {
        fflush_unlocked(stdout);
        funlockfile(stdout);
    }
    [[maybe_unused]] const auto written = ::write(STDERR_FILENO, message.data(), message.size());
    _exit(code);
}

} // namespace

void install_interrupt_handlers() {
    if (::pipe2(g_signal_pipe, O_CLOEXEC) == 0) std::thread(enforce_deadline).detach();
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
}

void set_interrupt_deadline(std::chrono::milliseconds grace, int exit_code, std::string what_did_not_stop) {
    std::lock_guard lock(deadline().mutex);
    deadline().grace = grace;
    deadline().exit_code = exit_code;
    deadline().what = std::move(what_did_not_stop);
}

void set_current_call(std::string description) {
    std::lock_guard lock(deadline().mutex);
    deadline().current_call = std::move(description);
}

} // namespace llmhost::cli
