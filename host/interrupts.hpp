// Ctrl-C and SIGTERM. The first sets g_interrupted, which every call in flight is asked to
// honour; the process then ends within a deadline whatever a plugin does, saying what did not
// stop. A second signal ends it at once.
#pragma once

#include <chrono>
#include <string>

namespace llmhost::cli {

// Installs the handlers and starts the thread that enforces the deadline.
void install_interrupt_handlers();

// After the first signal, how long the command may take to stop by itself, and the exit
// code and message when it does not (default: 300 ms, 130, "interrupted").
void set_interrupt_deadline(std::chrono::milliseconds grace, int exit_code, std::string what_did_not_stop);

// The plugin call the CLI is waiting on, named in the message when it does not stop; ""
// when none. Set around each attempt.
void set_current_call(std::string description);

} // namespace llmhost::cli
