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

// A line built without allocating and written with one write(2): async-signal-safe.
class Line {
  public:
    Line& operator<<(const char* text) {
        const size_t n = std::min(std::strlen(text), sizeof text_ - used_);
        std::memcpy(text_ + used_, text, n);
        used_ += n;
        return *this;
    }
    void write() const { [[maybe_unused]] const auto written = ::write(STDERR_FILENO, text_, used_); }

  private:
    char text_[512];
    size_t used_ = 0;
};

void report(int sig, siginfo_t*, void*) {
    Line line;
    const fiber::Activity activity = fiber::current_activity();
    line << "\nllmhost: fatal " << signal_name(sig);
    if (activity.subject) {
        line << " in " << activity.subject;
        if (activity.action) line << " (" << activity.action << ")";
        line << "; the plugin crashed the process: report it to its author, or remove it from the plugin directory\n";
    } else {
        line << " outside any plugin call; this is a bug in llmhost\n";
    }
    line.write();
    // SA_RESETHAND restored the default: returning re-runs the faulting instruction (or, for
    // a raised signal, raise it again) and the default action ends the process as it would have.
    if (sig == SIGABRT || sig == SIGFPE) ::raise(sig);
}

// exit() from inside a plugin call would end the process as if all went well (status 0, the
// reply never printed): that is a plugin failure, said as such.
void report_exit_in_plugin() {
    const fiber::Activity activity = fiber::current_activity();
    if (!activity.subject) return; // the host's own exit
    (Line() << "\nllmhost: " << activity.subject << " called exit() during "
            << (activity.action ? activity.action : "a call")
            << "; the plugin ended the process: report it to its author\n")
        .write();
    ::_exit(6); // the SPEC's exit code for a plugin failure
}

// The thread's alternate signal stack, unless it has one already (AddressSanitizer gives every
// thread its own and frees it itself); freed when the thread ends.
class AltStack {
  public:
    AltStack() {
        stack_t current{};
        if (::sigaltstack(nullptr, &current) == 0 && !(current.ss_flags & SS_DISABLE)) return;
        stack_t stack{};
        stack.ss_size = 64 * 1024;
        stack.ss_sp = memory_ = std::malloc(stack.ss_size);
        if (memory_ && ::sigaltstack(&stack, nullptr) != 0) {
            std::free(memory_);
            memory_ = nullptr;
        }
    }
    ~AltStack() {
        if (!memory_) return;
        stack_t off{};
        off.ss_flags = SS_DISABLE;
        ::sigaltstack(&off, nullptr);
        std::free(memory_);
    }
    AltStack(const AltStack&) = delete;
    AltStack& operator=(const AltStack&) = delete;

  private:
    void* memory_ = nullptr;
};

} // namespace

void ensure_crash_report_stack() noexcept { thread_local AltStack stack; }

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
    std::atexit(report_exit_in_plugin);
}

} // namespace llmhost::plugins
