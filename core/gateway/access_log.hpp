// The gateway's stderr output: one access-log line per request (method, path without its
// query, provider, model, status, attempts, duration) and other diagnostics. Never keys,
// never bodies. Lines are written whole (a write(2) never splits one), so lines from
// different threads do not mix; on an event loop, access lines are batched per loop iteration.
#pragma once

#include "core/gateway/gateway_core.hpp"
#include "core/gateway/http/http_exchange.hpp"

#include <string>

namespace llmhost::gateway {

// "llmhost: <line>\n" on stderr.
void write_log_line(const std::string& line);

// llmhost: access POST /v1/chat/completions provider=openai model=gpt-4o status=200 attempts=1 duration_ms=12.3
void write_access_line(const HttpExchange& exchange, const AccessRecord& record, int status);

} // namespace llmhost::gateway
