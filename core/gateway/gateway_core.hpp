// What every endpoint of the gateway works with (internal): the current configuration
// generation (configuration, providers and their instances, client keys; replaced by a
// reload), the process-wide health state the attempt loop remembers key and provider
// cooldowns in, metrics, the model catalog and the worker threads.
#pragma once

#include "core/config/config.hpp"
#include "core/gateway/client_keys.hpp"
#include "core/gateway/faces/face.hpp"
#include "core/gateway/gateway.hpp"
#include "core/gateway/gateway_error.hpp"
#include "core/gateway/gateway_generation.hpp"
#include "core/gateway/gateway_settings.hpp"
#include "core/gateway/metrics.hpp"
#include "core/gateway/model_listing.hpp"
#include "core/gateway/request_plans.hpp"
#include "core/plugins/host_services.hpp"
#include "core/registry/provider_registry.hpp"
#include "core/registry/selection.hpp"
#include "core/reliability/attempt_plan.hpp"
#include "core/reliability/clock.hpp"
#include "core/reliability/health_state.hpp"
#include "core/reliability/provider_pool.hpp"
#include "core/reliability/session_affinity.hpp"
#include "core/transport/http_client.hpp"

#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

namespace llmhost::gateway {

// One access-log line's worth: never a key, never a body.
struct AccessRecord {
    std::string_view face = "other"; // metrics label
    std::string provider = "-";
    std::string model = "-";
    int attempts = 0;
    bool quiet = false;    // counted in the metrics, but no access-log line (clients' side requests)
    bool finished = false; // counted and logged already (the client left while a call held on)
};

struct GatewayCore {
    GatewayCore(config::Config config, plugins::PluginCatalog plugins, GatewaySettings settings);

    // The settings are the process's: a reload takes only the new [server] api_keys.
    const GatewaySettings settings;
    // The gateway's own transport: its keep-alive pool is sized for as many upstream calls
    // as there may be at once, where the CLI's would keep a handful.
    transport::HttpClient http;
    plugins::HostServices services;
    reliability::HealthState health; // one per process: cooldowns outlive requests
    reliability::SystemClock clock;
    Metrics metrics;
    ModelCatalog catalog;
    reliability::SessionAffinity affinity;
    const std::vector<std::unique_ptr<Face>> faces;  // in routing order
    std::function<ReloadOutcome()> reload_from_disk; // POST /admin/reload; set before serving
    std::mutex logged_mutex;
    std::set<std::string> logged; // see log_once

    // The generation a request starts with; it holds it until it ends.
    std::shared_ptr<const GatewayGeneration> generation() const;
    // Makes `next` the generation new requests start with.
    void replace_generation(std::shared_ptr<const GatewayGeneration> next);

    void log(const std::string& line) const;
    // Logs a line once per process (providers that cannot list models would otherwise say
    // the same thing at every refresh of the model list).
    void log_once(const std::string& line);

    // The face whose shape answers a request no face routes (its 404 or 401): the one that
    // claims it, else the last (OpenAI Chat Completions).
    const Face& face_claiming(const HttpExchange& exchange) const;

  private:
    mutable std::mutex generation_mutex_;
    std::shared_ptr<const GatewayGeneration> generation_;
};

// Routes one request (on an I/O thread): health, metrics and cached listings are answered
// at once; provider calls run on a fiber of the connection's loop.
void route_request(GatewayCore& core, std::shared_ptr<HttpExchange> exchange);

void serve_chat(GatewayCore& core, HttpExchange& exchange, const Face& face, const RouteMatch& match);
void serve_count_tokens(GatewayCore& core, HttpExchange& exchange, const Face& face, const RouteMatch& match);
void serve_embeddings(GatewayCore& core, HttpExchange& exchange, const Face& face);
// POST /admin/reload: runs core.reload_from_disk off the event loop and answers what it did.
void serve_reload(GatewayCore& core, HttpExchange& exchange);
// `cached`: a listing the caller already holds (answered without blocking), else the
// catalog's, gathered again when stale.
void serve_models(GatewayCore& core, HttpExchange& exchange, const Face& face, ModelCatalog::Models cached = nullptr);

// Sends `error` in the face's shape (with Retry-After for 429), then logs the request.
void respond_error(GatewayCore& core, HttpExchange& exchange, const Face& face, const GatewayError& error,
                   AccessRecord& record);

// "use GET /v1/models" (405).
GatewayError method_not_allowed(std::string_view allowed, std::string_view path);

// Counts the request in the metrics and writes its access-log line — just before its last
// bytes go out, so that a client that has its answer also sees it counted.
void finish_request(GatewayCore& core, const HttpExchange& exchange, AccessRecord& record, int status);

// The provider and model a request's `model` selects, exactly as `-m` would.
registry::Selection select_for_request(const GatewayGeneration& generation, const std::string& model);

// The model a request is served with: as asked, unless the gateway pins its models.
const std::string& model_to_serve(const GatewayCore& core, const std::string& requested);

// The selection and attempt plan for `model`, with the selected provider's plugin loaded
// (planned once per distinct model; see RequestPlans). The record names the selected
// provider and model as soon as they are known, so that a request failing while its plan is
// made is logged with them. Throws what selection, loading and planning throw.
std::shared_ptr<const RequestPlan> plan_for_request(const GatewayGeneration& generation, const std::string& model,
                                                    AccessRecord& record);

// A request's failure as the client sees it: every key of its plan scrubbed from the
// message, and for 429s the earliest moment any option is usable again (key and provider
// cooldowns), else the upstream's hint.
GatewayError describe_failure(GatewayCore& core, const std::exception_ptr& failure,
                              const std::vector<reliability::Option>& plan);

} // namespace llmhost::gateway
