#include "core/plugins/crash_report.hpp"

#include "core/fiber/activity.hpp"

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace llmhost::plugins {
namespace {

constexpr int reported_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};

const char* signal_name(int sig) {
    switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGILL: return "SIGILL";
    case SIGFPE: return "SIGFPE";
    case SIGABRT: return "SIGABRT";
    default: return "a fatal signal";
    }
}

// Async-signal-safe: fixed buffer, no allocation, one write(2).
void report(int sig, siginfo_t*, void*) {
    char line[512];
    size_t used = 0;
    auto add = [&](const char* text) {
        const size_t n = std::min(std::strlen(text), sizeof line - 1 - used);
        std::memcpy(line + used, text, n);
        used += n;
    };
    const fiber::Activity activity = fiber::current_activity();
    add("\nllmhost: fatal ");
    add(signal_name(sig));
    if (activity.subject) {
        add(" in ");
        add(activity.subject);
        if (activity.action) {
            add(" (");
            add(activity.action);
            add(")");
        }
        add("; the plugin crashed the process: report it to its author, or remove it from the plugin directory\n");
    } else {
        add(" outside any plugin call; this is a bug in llmhost\n");
    }
    [[maybe_unused]] const auto written = ::write(STDERR_FILENO, line, used);
    // SA_RESETHAND restored the default: returning re-runs the faulting instruction (or, for
    // a raised signal, raise it again) and the default action ends the process as it would have.
    if (sig == SIGABRT || sig == SIGFPE) ::raise(sig);
}

} // namespace

void ensure_crash_report_stack() noexcept {
    thread_local bool done = false;
    if (done) return;
    done = true;
    stack_t stack{};
    stack.ss_size = 64 * 1024;
    stack.ss_sp = std::malloc(stack.ss_size); // the thread's for its whole life
    if (stack.ss_sp) ::sigaltstack(&stack, nullptr);
}

void install_crash_report() {
    static bool installed = false;
    if (installed) return;
    installed = true;
    for (const int sig : reported_signals) {
        struct sigaction action {};
        action.sa_sigaction = report;
        action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND | SA_NODEFER;
        sigemptyset(&action.sa_mask);
        sigaction(sig, &action, nullptr);
    }
}

} // namespace llmhost::plugins
