#include "core/gateway/gateway_core.hpp"

#include "core/fiber/fiber_wait.hpp"
#include "core/gateway/access_log.hpp"
#include "core/gateway/secret_scrub.hpp"

#include <algorithm>

namespace llmhost::gateway {

namespace {

transport::ClientOptions client_options(const GatewaySettings& settings) {
    transport::ClientOptions options;
    options.max_idle_connections_per_host = settings.max_upstream_idle;
    options.loops_run_until_stopped = true; // HttpServer's loops hold work guards until stop()
    return options;
}

} // namespace

GatewayCore::GatewayCore(config::Config config, plugins::PluginCatalog plugins, GatewaySettings settings_)
    : settings(std::move(settings_)), http(client_options(settings)), services(http),
      catalog(
          [this] {
              const auto current = generation();
              return gather_models(current->registry, current->pool, std::chrono::milliseconds(5000),
                                   [this](const std::string& l) { log_once(l); });
          },
          settings.models_cache_ttl),
      affinity(settings.affinity_sessions), faces(make_faces(settings)),
      generation_(std::make_shared<const GatewayGeneration>(std::move(config), std::move(plugins), settings.api_keys,
                                                            services, nullptr)) {
    fiber::set_max_blocking_threads(settings.max_blocking_calls);
}

std::shared_ptr<const GatewayGeneration> GatewayCore::generation() const {
    std::lock_guard lock(generation_mutex_);
    return generation_;
}

void GatewayCore::replace_generation(std::shared_ptr<const GatewayGeneration> next) {
    {
        std::lock_guard lock(generation_mutex_);
        generation_.swap(next);
    }
    catalog.forget(); // `next` (now the old one) goes when its last request ends
}

void GatewayCore::log(const std::string& line) const { write_log_line(line); }

void GatewayCore::log_once(const std::string& line) {
    {
        std::lock_guard lock(logged_mutex);
        if (!logged.insert(line).second) return;
    }
    write_log_line(line);
}

const Face& GatewayCore::face_claiming(const HttpExchange& exchange) const {
    for (const auto& face : faces)
        if (face->claims(exchange)) return *face;
    return *faces.back();
}

void finish_request(GatewayCore& core, const HttpExchange& exchange, AccessRecord& record, int status) {
    if (record.finished) return;
    record.finished = true;
    if (exchange.cancelled()) status = 499; // the client left before its answer was complete
    core.metrics.request(record.face, status);
    if (!record.quiet && core.settings.access_log) write_access_line(exchange, record, status);
}

void respond_error(GatewayCore& core, HttpExchange& exchange, const Face& face, const GatewayError& error,
                   AccessRecord& record) {
    core.metrics.error(error.error_class.empty() ? std::string_view("gateway") : std::string_view(error.error_class));
    ResponseHeaders headers;
    if (error.status() == 429) {
        const int64_t seconds = std::max<int64_t>(1, (std::max<int64_t>(error.retry_after_ms, 0) + 999) / 1000);
        headers.emplace_back("Retry-After", std::to_string(seconds));
    }
    if (error.status() == 401) headers.emplace_back("WWW-Authenticate", "Bearer");
    std::string body = face.render_error(error);
    finish_request(core, exchange, record, error.status());
    exchange.respond(error.status(), "application/json", std::move(body), headers);
}

registry::Selection select_for_request(const GatewayGeneration& generation, const std::string& model) {
    try {
        return registry::select_provider({"", model}, generation.registry, generation.config);
    } catch (const registry::SelectionError& e) {
        // "nosuch/model" with no default provider to read it as a model name of: the
        // client meant a provider, and hearing that it does not exist is more useful.
        const auto slash = model.find('/');
        if (slash != std::string::npos && std::string_view(e.what()).starts_with("no provider selected"))
            generation.registry.resolve(model.substr(0, slash)); // throws "unknown provider ...; closest known ids ..."
        throw;
    }
}

const std::string& model_to_serve(const GatewayCore& core, const std::string& requested) {
    const auto& pinned = core.settings.pinned_models;
    if (pinned.empty() || std::find(pinned.begin(), pinned.end(), requested) != pinned.end()) return requested;
    return pinned.front();
}

std::shared_ptr<const RequestPlan> plan_for_request(const GatewayGeneration& generation, const std::string& model,
                                                    AccessRecord& record) {
    if (auto known = generation.plans.find(model)) {
        record.provider = known->selection.provider.id;
        record.model = known->selection.model;
        return known;
    }
    auto selection = select_for_request(generation, model);
    record.provider = selection.provider.id;
    record.model = selection.model;
    // A plugin that cannot load is the server's problem (500).
    return generation.plans.remember(model, reliability::plan_request(std::move(selection), generation.config,
                                                                      generation.registry, generation.pool));
}

namespace {

int64_t retry_after_ms(GatewayCore& core, const std::vector<reliability::Option>& plan, int64_t upstream_hint_ms) {
    const int64_t now = core.clock.now_ms();
    int64_t earliest = -1;
    for (const auto& option : plan) {
        if (!option.skip_reason.empty()) continue;
        int64_t until = core.health.provider_cooling_until(option.provider.id, now);
        int64_t keys_until = -1; // the first key to come free
        for (const auto& key : option.keys) {
            const int64_t k = core.health.key_blocked_until(key, now);
            keys_until = keys_until < 0 ? k : std::min(keys_until, k);
        }
        until = std::max(until, std::max<int64_t>(keys_until, 0));
        if (until > now) earliest = earliest < 0 ? until : std::min(earliest, until);
    }
    return earliest > now ? earliest - now : upstream_hint_ms;
}

} // namespace

GatewayError describe_failure(GatewayCore& core, const std::exception_ptr& failure,
                              const std::vector<reliability::Option>& plan) {
    GatewayError error = describe_exception(failure);
    std::vector<std::string> keys;
    for (const auto& option : plan)
        keys.insert(keys.end(), option.keys.begin(), option.keys.end());
    error.message = scrub_secrets(std::move(error.message), keys);
    if (error.kind == ErrorKind::rate_limited || error.kind == ErrorKind::quota_exhausted)
        error.retry_after_ms = retry_after_ms(core, plan, error.retry_after_ms);
    return error;
}

} // namespace llmhost::gateway
