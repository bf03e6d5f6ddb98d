// SIGHUP asks a running `llmhost serve` to reload (systemd's ExecReload sends it): the handler
// only sets a flag, which serve's main loop takes.
#pragma once

namespace llmhost::cli {

// From now on SIGHUP sets the flag instead of ending the process.
void install_reload_handler();

// True once per SIGHUP received since the last call.
bool take_reload_request();

} // namespace llmhost::cli
