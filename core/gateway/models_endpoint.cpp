// GET /v1/models: the cached listing of every reachable provider, in the caller's face.
#include "core/gateway/gateway_core.hpp"

namespace llmhost::gateway {

void serve_models(GatewayCore& core, HttpExchange& exchange, const Face& face, ModelCatalog::Models cached) {
    AccessRecord record;
    record.face = "models";
    try {
        const auto models = cached ? cached : core.catalog.models();
        std::string body = face.render_models(*models);
        finish_request(core, exchange, record, 200);
        exchange.respond(200, "application/json", std::move(body));
    } catch (...) {
        respond_error(core, exchange, face, describe_exception(std::current_exception()), record);
    }
}

} // namespace llmhost::gateway
