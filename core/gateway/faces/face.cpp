// What faces share unless they say otherwise.
#include "core/gateway/faces/face.hpp"

#include "core/gateway/client_keys.hpp"
#include "core/gateway/gateway_core.hpp"

#include <llmhost/support/json_write.hpp>

namespace llmhost::gateway {

std::string Face::client_key(const HttpExchange& exchange) const {
    if (const auto bearer = bearer_token(exchange.header("authorization")); !bearer.empty()) return std::string(bearer);
    if (const auto key = exchange.header("x-api-key"); !key.empty()) return std::string(key);
    return std::string(exchange.header("x-goog-api-key"));
}

std::string Face::render_token_count(int64_t input_tokens) const {
    std::string out = "{\"input_tokens\":";
    append_json_int(out, input_tokens);
    out += '}';
    return out;
}

void Face::serve_own(GatewayCore& core, std::shared_ptr<HttpExchange> exchange, const RouteMatch&) const {
    AccessRecord record;
    record.face = name();
    respond_error(
        core, *exchange, *this,
        {ErrorKind::no_such_endpoint, "no such endpoint: " + std::string(exchange->path()), {}, "not_found", -1},
        record);
}

} // namespace llmhost::gateway
