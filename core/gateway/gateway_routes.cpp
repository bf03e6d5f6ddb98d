// Which endpoint serves a request, who may call it, and where it runs.
#include "core/gateway/anthropic_face.hpp"
#include "core/gateway/gateway_core.hpp"
#include "core/gateway/openai_face.hpp"

namespace llmhost::gateway {
namespace {

// The Anthropic face is /v1/messages, and the model list when asked by an Anthropic SDK
// (which always sends anthropic-version); everything else answers in OpenAI's shape.
Face face_of(const HttpExchange& exchange) {
    if (exchange.path().starts_with("/v1/messages")) return Face::anthropic;
    if (exchange.path() == "/v1/models" && !exchange.header("anthropic-version").empty()) return Face::anthropic;
    return Face::openai;
}

std::string_view metrics_label(std::string_view path) {
    if (path == "/v1/chat/completions") return "openai";
    if (path == "/v1/messages") return "anthropic";
    if (path == "/v1/embeddings") return "embeddings";
    if (path == "/v1/models") return "models";
    if (path == "/healthz") return "health";
    if (path == "/metrics") return "metrics";
    return "other";
}

bool authorized(const GatewayCore& core, const HttpExchange& exchange, Face face) {
    if (!core.client_keys.required()) return true;
    std::string_view key = bearer_token(exchange.header("authorization"));
    if (key.empty() && face == Face::anthropic) key = exchange.header("x-api-key");
    return !key.empty() && core.client_keys.accepts(key);
}

GatewayError rejection(int status) {
    if (status == 413)
        return {ErrorKind::request_too_large,
                "the request body is larger than the server accepts ([server] max_body_bytes)",
                {},
                "request_too_large",
                -1};
    if (status == 431) return {ErrorKind::invalid_request, "the request headers are too large", {}, "bad_request", -1};
    return {ErrorKind::invalid_request, "malformed HTTP request", {}, "bad_request", -1};
}

// Runs an endpoint on a fiber: provider calls wait for as long as the upstream takes, and the
// loop's thread serves other connections meanwhile.
template <class Endpoint> void on_fiber(GatewayCore& core, std::shared_ptr<HttpExchange> exchange, Endpoint endpoint) {
    auto& target = *exchange;
    target.run_on_fiber([&core, exchange = std::move(exchange), endpoint] { endpoint(core, *exchange); });
}

} // namespace

void route_request(GatewayCore& core, std::shared_ptr<HttpExchange> exchange) {
    const std::string_view path = exchange->path();
    const std::string_view method = exchange->method();
    const Face face = face_of(*exchange);
    AccessRecord record;
    record.face = metrics_label(path);
    if (const int status = exchange->rejected_status())
        return respond_error(core, *exchange, face, rejection(status), record);

    auto only = [&](std::string_view allowed) {
        if (method == allowed) return true;
        GatewayError e{ErrorKind::method_not_allowed,
                       "use " + std::string(allowed) + " " + std::string(path),
                       {},
                       "bad_request",
                       -1};
        respond_error(core, *exchange, face, e, record);
        return false;
    };

    if (path == "/healthz") { // open to everyone: load balancers probe it
        if (!only("GET")) return;
        finish_request(core, *exchange, record, 200);
        return exchange->respond(200, "application/json", R"({"status":"ok"})");
    }
    if (!authorized(core, *exchange, face)) {
        GatewayError e{ErrorKind::authentication,
                       "missing or invalid API key for this server (send Authorization: Bearer <key>" +
                           std::string(face == Face::anthropic ? " or x-api-key" : "") + ")",
                       {},
                       "authentication",
                       -1};
        return respond_error(core, *exchange, face, e, record);
    }
    if (path == "/metrics") {
        if (!only("GET")) return;
        finish_request(core, *exchange, record, 200);
        return exchange->respond(200, "text/plain; version=0.0.4", core.metrics.render());
    }
    if (path == "/v1/chat/completions") {
        if (only("POST"))
            on_fiber(core, std::move(exchange),
                     [](GatewayCore& c, HttpExchange& e) { serve_chat(c, e, Face::openai); });
        return;
    }
    if (path == "/v1/messages") {
        if (only("POST"))
            on_fiber(core, std::move(exchange),
                     [](GatewayCore& c, HttpExchange& e) { serve_chat(c, e, Face::anthropic); });
        return;
    }
    if (path == "/v1/embeddings") {
        if (only("POST"))
            on_fiber(core, std::move(exchange), [](GatewayCore& c, HttpExchange& e) { serve_embeddings(c, e); });
        return;
    }
    if (path == "/v1/models") {
        if (!only("GET")) return;
        if (auto cached = core.catalog.fresh())
            return serve_models(core, *exchange, face, std::move(cached)); // nothing to wait for
        on_fiber(core, std::move(exchange), [face](GatewayCore& c, HttpExchange& e) { serve_models(c, e, face); });
        return;
    }
    GatewayError e{ErrorKind::not_found,
                   "no such endpoint: " + std::string(method) + " " + std::string(path),
                   {},
                   "not_found",
                   -1};
    respond_error(core, *exchange, face, e, record);
}

} // namespace llmhost::gateway
