#include "bedrock_provider.hpp"

#include "bedrock_endpoint.hpp"
#include "bedrock_errors.hpp"
#include "bedrock_models.hpp"
#include "converse_count_tokens.hpp"
#include "converse_request.hpp"
#include "converse_response.hpp"
#include "converse_stream.hpp"
#include "sigv4.hpp"

#include <llmhost/support/chat_exchange.hpp>
#include <llmhost/support/foreign_state.hpp>

namespace llmhost::bedrock {

void BedrockProvider::chat(const ChatRequest& request, Call& call, EventSink& sink) {
    log_foreign_state(call.host(), "bedrock", request,
                      [](std::string_view origin) { return origin == reasoning_origin::bedrock; });
    const std::string model = resolve_model(request.model);
    std::string body =
        boost::json::serialize(converse_request_body(request, model, options_.additional_model_request_fields));
    const AwsAuth auth = credentials(call);
    const std::string endpoint = runtime_endpoint(config_, options_, auth.region);
    without_secrets(auth, [&] {
        HttpRequest http = request_to(endpoint, converse_path(model, request.stream), "POST", std::move(body));
        set_header(http.headers, "Accept", request.stream ? "application/vnd.amazon.eventstream" : "application/json");
        authorize(http, auth, call);
        ConverseStreamDecoder decoder(config_.id, model, sink);
        exchange_chat(
            call, http, request.stream, decoder,
            [&](const HttpResponseHead& head, std::string_view error_body) {
                return bedrock_http_error(config_.id, head, error_body, call.host().wall_clock_ms());
            },
            [&](std::string_view whole) { emit_converse_response(config_.id, model, whole, sink); });
    });
}

int64_t BedrockProvider::count_tokens(const ChatRequest& request, Call& call) {
    const std::string model = resolve_model(request.model);
    std::string body =
        boost::json::serialize(count_tokens_body(request, model, options_.additional_model_request_fields));
    const AwsAuth auth = credentials(call);
    const std::string endpoint = runtime_endpoint(config_, options_, auth.region);
    return without_secrets(auth, [&] {
        HttpRequest http = request_to(endpoint, count_tokens_path(model), "POST", std::move(body));
        set_header(http.headers, "Accept", "application/json");
        authorize(http, auth, call);
        const std::string answer =
            fetch_success_body(call, http, [&](const HttpResponseHead& head, std::string_view error_body) {
                return bedrock_http_error(config_.id, head, error_body, call.host().wall_clock_ms());
            });
        return count_tokens_result(config_.id, answer);
    });
}

boost::json::value BedrockProvider::list_models(Call& call) {
    const AwsAuth auth = credentials(call);
    const std::string endpoint = control_endpoint(options_, auth.region);
    return without_secrets(auth, [&] {
        HttpRequest http = request_to(endpoint, std::string(foundation_models_path), "GET", {});
        set_header(http.headers, "Accept", "application/json");
        authorize(http, auth, call);
        const std::string listing =
            fetch_success_body(call, http, [&](const HttpResponseHead& head, std::string_view error_body) {
                return bedrock_http_error(config_.id, head, error_body, call.host().wall_clock_ms());
            });
        return foundation_models_result(config_.id, listing);
    });
}

std::string BedrockProvider::resolve_model(std::string_view requested) const {
    if (!requested.empty()) return std::string(requested);
    if (!config_.default_model.empty()) return config_.default_model;
    throw Error(LLMH_ERR_BAD_REQUEST, "no model given and the provider has no default_model");
}

AwsAuth BedrockProvider::credentials(const Call& call) const {
    AwsAuth auth = resolve_aws_auth(call.host(), call.api_key(), AwsLookup{options_.region, options_.profile});
    if (auth.kind == AwsAuth::Kind::access_key && auth.region.empty()) throw missing_region_error();
    call.host().log(
        LLMH_LOG_DEBUG,
        config_.id + ": AWS credentials from " + auth.source +
            (auth.region.empty() ? ", no region" : ", region " + auth.region + " from " + auth.region_source));
    return auth;
}

HttpRequest BedrockProvider::request_to(const std::string& endpoint, const std::string& path, std::string method,
                                        std::string body) const {
    ProviderConfig target = config_;
    target.base_url = endpoint;
    HttpRequest http;
    http.method = std::move(method);
    http.url = target.url(path);
    for (const auto& [name, value] : config_.http_headers)
        set_header(http.headers, name, value);
    if (!body.empty()) set_header(http.headers, "Content-Type", "application/json");
    http.body = std::move(body);
    http.total_timeout_ms = config_.timeout_ms;
    http.idle_timeout_ms = config_.stream_idle_timeout_ms;
    return http;
}

void BedrockProvider::authorize(HttpRequest& http, const AwsAuth& auth, const Call& call) {
    if (auth.kind == AwsAuth::Kind::bearer_token) {
        set_header(http.headers, "Authorization", "Bearer " + auth.bearer_token);
        return;
    }
    sigv4_sign(http, auth.keys, SigV4Scope{auth.region, std::string(signing_service)}, call.host().wall_clock_ms());
}

std::unique_ptr<Provider> make_provider(const Host& /*host*/, const ProviderConfig& config) {
    if (!config.base_url.empty()) check_endpoint(config.base_url, "base_url");
    return std::make_unique<BedrockProvider>(config, read_bedrock_options(config));
}

} // namespace llmhost::bedrock
