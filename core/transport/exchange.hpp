// One request/response over an open connection, with the response streamed to the handler
// as it arrives.
#pragma once

#include "core/transport/connection.hpp"
#include "core/transport/http_client.hpp"
#include "core/transport/response_bounds.hpp"
#include "core/transport/wire_request.hpp"

namespace llmhost::transport {

struct ExchangeLimits {
    Deadline total;
    std::chrono::milliseconds idle{0}; // longest silence while sending or reading; <= 0: none
    ResponseLimits response;           // past them the exchange fails as a malformed response
};

// Sends `request` and delivers the response head and body to `handler`. Returns true when the
// connection may carry another request (complete response, keep-alive). Throws
// llmhost::Error; `response_started` becomes true once any response byte has arrived (a
// failure before that on a reused connection is a stale keep-alive, safe to retry).
bool run_exchange(Connection& connection, const WireRequest& request, const ResponseHandler& handler,
                  const ExchangeLimits& limits, const CancelCheck& cancelled, bool& response_started);

} // namespace llmhost::transport
