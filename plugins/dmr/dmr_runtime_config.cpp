#include "dmr_runtime_config.hpp"

#include <llmhost/error.hpp>
#include <llmhost/http.hpp>
#include <llmhost/protocol/openai/errors.hpp>
#include <llmhost/support/error_text.hpp>

#include <utility>

namespace llmhost::dmr_plugin {

boost::json::object configure_body(const std::string& model, const RuntimeConfiguration& config) {
    boost::json::object body{{"model", model}};
    if (config.context_size) body["context-size"] = *config.context_size;
    if (!config.runtime_flags.empty()) {
        boost::json::array flags;
        for (const auto& flag : config.runtime_flags)
            flags.emplace_back(flag);
        body["runtime-flags"] = std::move(flags);
    }
    if (config.speculative) {
        boost::json::object speculative{{"draft_model", config.speculative->draft_model}};
        if (config.speculative->num_tokens) speculative["num_tokens"] = *config.speculative->num_tokens;
        if (config.speculative->min_acceptance_rate)
            speculative["min_acceptance_rate"] = *config.speculative->min_acceptance_rate;
        body["speculative"] = std::move(speculative);
    }
    return body;
}

RuntimeConfigurator::RuntimeConfigurator(std::string provider_id, std::string url, RuntimeConfiguration config,
                                         int64_t timeout_ms, Headers headers)
    : provider_id_(std::move(provider_id)), url_(std::move(url)), config_(std::move(config)), timeout_ms_(timeout_ms),
      headers_(std::move(headers)) {}

void RuntimeConfigurator::ensure_configured(const std::string& model, const Call& call) {
    if (config_.empty()) return;
    ModelState& state = state_for(model);
    std::lock_guard lock(state.mutex);
    if (state.configured) return;
    post(model, call);
    state.configured = true;
}

RuntimeConfigurator::ModelState& RuntimeConfigurator::state_for(const std::string& model) {
    std::lock_guard lock(states_mutex_);
    auto& slot = states_[model];
    if (!slot) slot = std::make_unique<ModelState>();
    return *slot;
}

void RuntimeConfigurator::post(const std::string& model, const Call& call) const {
    HttpRequest request;
    request.method = "POST";
    request.url = url_;
    request.headers = headers_;
    set_header(request.headers, "Content-Type", "application/json");
    if (!call.api_key().empty()) set_header(request.headers, "Authorization", "Bearer " + std::string(call.api_key()));
    request.body = boost::json::serialize(configure_body(model, config_));
    request.total_timeout_ms = timeout_ms_;
    request.idle_timeout_ms = timeout_ms_;

    HttpResponse response;
    try {
        response = call.http_buffered(request);
    } catch (const Error& e) {
        if (e.error_class() == LLMH_ERR_CANCELLED) throw;
        throw Error(e.error_class(),
                    provider_id_ + ": could not send the runtime configuration for " + model + " to " + url_ + ": " +
                        redact_secret(e.what(), call.api_key()),
                    e.http_status(), e.retry_after_ms());
    }
    const int status = response.head.status;
    if (status >= 200 && status < 300) {
        call.host().log(LLMH_LOG_INFO, provider_id_ +
                                           ": Docker Model Runner accepted the runtime configuration "
                                           "for " +
                                           model);
        return;
    }
    std::string body = error_text::trimmed(response.body);
    body = redact_secret(error_text::snippet(body, 500), call.api_key());
    throw Error(LLMH_ERR_INVALID_CONFIG,
                provider_id_ + ": Docker Model Runner refused the runtime configuration for " + model + " (HTTP " +
                    std::to_string(status) + "): " + (body.empty() ? std::string("no message") : body),
                status);
}

} // namespace llmhost::dmr_plugin
