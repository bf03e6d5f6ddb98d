// POST /admin/reload (`llmhost reload`): the host reads its configuration and plugin
// directories again and the gateway serves new requests with them. 200 with what needs a
// restart, or 422 with what is wrong with the new configuration (the running one is kept).
#include "core/fiber/fiber_wait.hpp"
#include "core/gateway/gateway_core.hpp"

#include <boost/json.hpp>

namespace llmhost::gateway {

void serve_reload(GatewayCore& core, HttpExchange& exchange) {
    AccessRecord record;
    record.face = "admin";
    ReloadOutcome outcome;
    try {
        fiber::run_blocking([&] { outcome = core.reload_from_disk(); }); // reads files: not on the loop
    } catch (const std::exception& e) {
        outcome = {false, {e.what()}};
    }
    boost::json::array messages;
    for (const auto& m : outcome.messages)
        messages.emplace_back(m);
    const int status = outcome.reloaded ? 200 : 422;
    std::string body = boost::json::serialize(boost::json::object{
        {"reloaded", outcome.reloaded}, {outcome.reloaded ? "notes" : "errors", std::move(messages)}});
    finish_request(core, exchange, record, status);
    exchange.respond(status, "application/json", std::move(body));
}

} // namespace llmhost::gateway
