// Which endpoint serves a request, who may call it, and where it runs. The faces say which
// paths are theirs (faces/*); this file only asks them, in order.
#include "core/gateway/gateway_core.hpp"

namespace llmhost::gateway {
namespace {

bool authorized(const GatewayCore& core, const HttpExchange& exchange, const Face& face) {
    if (!core.client_keys.required()) return true;
    const std::string key = face.client_key(exchange);
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

GatewayError no_such_endpoint(std::string_view method, std::string_view path) {
    return {ErrorKind::no_such_endpoint,
            "no such endpoint: " + std::string(method) + " " + std::string(path) +
                " (see `llmhost serve --help` or the README's Gateway section for the endpoints served)",
            {},
            "not_found",
            -1};
}

// Runs an endpoint on a fiber: provider calls wait for as long as the upstream takes, and the
// loop's thread serves other connections meanwhile.
template <class Endpoint> void on_fiber(GatewayCore& core, std::shared_ptr<HttpExchange> exchange, Endpoint endpoint) {
    auto& target = *exchange;
    target.run_on_fiber([&core, exchange = std::move(exchange), endpoint] { endpoint(core, *exchange); });
}

std::string_view label_of(const Face& face, Endpoint endpoint) {
    switch (endpoint) {
    case Endpoint::models: return "models";
    case Endpoint::embeddings: return "embeddings";
    default: return face.name();
    }
}

} // namespace

void route_request(GatewayCore& core, std::shared_ptr<HttpExchange> exchange) {
    const std::string_view path = exchange->path();
    // HEAD is GET without the body (the exchange leaves the body out).
    const std::string_view method = exchange->method() == "HEAD" ? std::string_view("GET") : exchange->method();
    AccessRecord record;
    if (const int status = exchange->rejected_status())
        return respond_error(core, *exchange, core.face_claiming(*exchange), rejection(status), record);

    if (path == "/healthz") { // open to everyone: load balancers probe it
        record.face = "health";
        if (method != "GET")
            return respond_error(core, *exchange, core.face_claiming(*exchange), method_not_allowed("GET", path),
                                 record);
        finish_request(core, *exchange, record, 200);
        return exchange->respond(200, "application/json", R"({"status":"ok"})");
    }

    const Face* face = nullptr;
    std::optional<RouteMatch> match;
    for (const auto& f : core.faces)
        if ((match = f->route(method, *exchange))) {
            face = f.get();
            break;
        }
    const Face& shape = face ? *face : core.face_claiming(*exchange);
    if (!authorized(core, *exchange, shape)) {
        GatewayError e{ErrorKind::authentication,
                       "missing or invalid API key for this server (send the key the way your client sends its "
                       "API key: Authorization: Bearer, x-api-key or x-goog-api-key)",
                       {},
                       "authentication",
                       -1};
        return respond_error(core, *exchange, shape, e, record);
    }
    if (path == "/metrics") {
        record.face = "metrics";
        if (method != "GET") return respond_error(core, *exchange, shape, method_not_allowed("GET", path), record);
        finish_request(core, *exchange, record, 200);
        return exchange->respond(200, "text/plain; version=0.0.4", core.metrics.render());
    }
    if (!face) return respond_error(core, *exchange, shape, no_such_endpoint(exchange->method(), path), record);
    record.face = label_of(*face, match->endpoint);
    if (!match->method.empty() && method != match->method)
        return respond_error(core, *exchange, *face, method_not_allowed(match->method, path), record);

    switch (match->endpoint) {
    case Endpoint::chat:
        return on_fiber(core, std::move(exchange),
                        [face, match = *match](GatewayCore& c, HttpExchange& e) { serve_chat(c, e, *face, match); });
    case Endpoint::count_tokens:
        return on_fiber(core, std::move(exchange), [face, match = *match](GatewayCore& c, HttpExchange& e) {
            serve_count_tokens(c, e, *face, match);
        });
    case Endpoint::embeddings:
        return on_fiber(core, std::move(exchange),
                        [face](GatewayCore& c, HttpExchange& e) { serve_embeddings(c, e, *face); });
    case Endpoint::models:
        if (auto cached = core.catalog.fresh())
            return serve_models(core, *exchange, *face, std::move(cached)); // nothing to wait for
        return on_fiber(core, std::move(exchange),
                        [face](GatewayCore& c, HttpExchange& e) { serve_models(c, e, *face); });
    case Endpoint::own: return face->serve_own(core, std::move(exchange), *match);
    }
}

GatewayError method_not_allowed(std::string_view allowed, std::string_view path) {
    return {
        ErrorKind::method_not_allowed, "use " + std::string(allowed) + " " + std::string(path), {}, "bad_request", -1};
}

} // namespace llmhost::gateway
