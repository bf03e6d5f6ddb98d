// Tells a service manager (systemd's Type=notify) how the gateway is doing, over the datagram
// socket named by $NOTIFY_SOCKET; nothing when it is not set. No libsystemd needed: the
// protocol is one datagram of "KEY=value" lines.
#pragma once

#include <string_view>

namespace llmhost::cli {

// Sends `state` ("READY=1", "STOPPING=1", "STATUS=..."); false when there is no manager or
// the send failed (never fatal: the gateway serves either way).
bool notify_service_manager(std::string_view state);

} // namespace llmhost::cli
