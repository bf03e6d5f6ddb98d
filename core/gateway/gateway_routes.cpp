// Which endpoint serves a request, who may call it, and where it runs. The faces say which
// paths are theirs (faces/*); this file only asks them, in order.
#include "core/gateway/gateway_core.hpp"
#include "core/gateway/loop_guard.hpp"
#include "core/gateway/request_guard.hpp"

namespace llmhost::gateway {
namespace {

bool authorized(const GatewayCore& core, const HttpExchange& exchange, const Face& face) {
    const auto generation = core.generation();
    if (!generation->client_keys.required()) return true;
    const std::string key = face.client_key(exchange);
    return !key.empty() && generation->client_keys.accepts(key);
}

const std::string missing_key_message = "missing or invalid API key for this server (send the key the way your client "
                                        "sends its API key: Authorization: Bearer, x-api-key or x-goog-api-key)";

// The face that serves a request (nullptr when none does) and how.
struct Route {
    const Face* face = nullptr;
    std::optional<RouteMatch> match;
};

// HEAD is GET without the body (the exchange leaves the body out).
std::string_view method_of(const HttpExchange& exchange) {
    return exchange.method() == "HEAD" ? std::string_view("GET") : exchange.method();
}

Route find_route(const GatewayCore& core, std::string_view method, const HttpExchange& exchange) {
    for (const auto& f : core.faces)
        if (auto match = f->route(method, exchange)) return {f.get(), std::move(match)};
    return {};
}

// A request the server refused before reading it whole (see HttpExchange::rejected_status).
GatewayError rejection(int status, std::string_view reason) {
    auto error = [&](ErrorKind kind, std::string_view fallback, const char* error_class) {
        return GatewayError{kind, std::string(reason.empty() ? fallback : reason), {}, error_class, -1};
    };
    switch (status) {
    case 401: return error(ErrorKind::authentication, missing_key_message, "authentication");
    case 403: return error(ErrorKind::permission, "forbidden", "permission");
    case 413:
        return error(ErrorKind::request_too_large,
                     "the request body is larger than the server accepts ([server] max_body_bytes)",
                     "request_too_large");
    case 431: return error(ErrorKind::invalid_request, "the request headers are too large", "bad_request");
    case 503: return error(ErrorKind::unavailable, "the server is busy; retry shortly", "unavailable");
    default: return error(ErrorKind::invalid_request, "malformed HTTP request", "bad_request");
    }
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

Admission admit_request(const GatewayCore& core, const BrowserGuard& browsers, const HttpExchange& head) {
    if (head.path() == "/healthz") return {}; // load balancers probe it, by any name
    Admission admission = browsers.admit(head);
    if (admission.refused_status || BrowserGuard::is_preflight(head)) return admission;
    const Route route = find_route(core, method_of(head), head);
    if (!authorized(core, head, route.face ? *route.face : core.face_claiming(head))) {
        admission.refused_status = 401; // before the body is read: no key, no memory
        admission.reason = missing_key_message;
    }
    return admission;
}

void route_request(GatewayCore& core, std::shared_ptr<HttpExchange> exchange) {
    const std::string_view path = exchange->path();
    const std::string_view method = method_of(*exchange);
    AccessRecord record;
    if (const int status = exchange->rejected_status())
        return respond_error(core, *exchange, core.face_claiming(*exchange),
                             rejection(status, exchange->rejection_reason()), record);
    if (refuse_looped_request(core, *exchange, record)) return; // a provider's base_url leads back here
    // An admitted preflight: the CORS headers admit_request gave it are on the exchange.
    if (BrowserGuard::is_preflight(*exchange)) {
        record.quiet = true;
        finish_request(core, *exchange, record, 204);
        return exchange->respond(204, "text/plain", {});
    }

    if (path == "/healthz") { // open to everyone: load balancers probe it
        record.face = "health";
        if (method != "GET")
            return respond_error(core, *exchange, core.face_claiming(*exchange), method_not_allowed("GET", path),
                                 record);
        finish_request(core, *exchange, record, 200);
        return exchange->respond(200, "application/json", R"({"status":"ok"})");
    }

    const Route route = find_route(core, method, *exchange);
    const Face* face = route.face;
    const std::optional<RouteMatch>& match = route.match;
    const Face& shape = face ? *face : core.face_claiming(*exchange);
    if (!authorized(core, *exchange, shape)) // the server asked admit_request already; this holds without it
        return respond_error(core, *exchange, shape, rejection(401, {}), record);
    if (path == "/metrics") {
        record.face = "metrics";
        if (method != "GET") return respond_error(core, *exchange, shape, method_not_allowed("GET", path), record);
        finish_request(core, *exchange, record, 200);
        return exchange->respond(200, "text/plain; version=0.0.4", core.metrics.render());
    }
    if (path == "/admin/reload" && core.reload_from_disk) {
        record.face = "admin";
        if (method != "POST") return respond_error(core, *exchange, shape, method_not_allowed("POST", path), record);
        return on_fiber(core, std::move(exchange), [](GatewayCore& c, HttpExchange& e) { serve_reload(c, e); });
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
