// A plugin that crashes the process in process is at least named: on SIGSEGV, SIGBUS, SIGILL,
// SIGFPE or SIGABRT the report says which plugin and which of its operations was running on
// the crashing thread (fiber::Activity), then the signal takes its default course (core dump,
// exit status). A plugin that calls exit() is reported the same way and ends the process with
// the plugin failure status (6), not the status it passed.
#pragma once

namespace llmhost::plugins {

// Installs the handlers (idempotent). Threads that enter plugins get an alternate signal
// stack (ensure_crash_report_stack), so that a stack overflow is reported too.
void install_crash_report();

// Gives the calling thread its alternate signal stack, once.
void ensure_crash_report_stack() noexcept;

} // namespace llmhost::plugins
