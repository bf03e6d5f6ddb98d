#include "ollama_provider.hpp"

#include "ollama_base_url.hpp"
#include "ollama_chat_decoder.hpp"
#include "ollama_errors.hpp"
#include "ollama_reasoning.hpp"
#include "ollama_request.hpp"
#include "ollama_results.hpp"

#include <llmhost/support/chat_exchange.hpp>
#include <llmhost/support/config_checks.hpp>
#include <llmhost/support/foreign_state.hpp>
#include <llmhost/support/key_redaction.hpp>
#include <llmhost/support/provider_request.hpp>

#include <boost/json.hpp>

#include <utility>

namespace llmhost::ollama_plugin {

OllamaProvider::OllamaProvider(ProviderConfig config, OllamaOptions options)
    : config_(std::move(config)), options_(std::move(options)) {}

void OllamaProvider::chat(const ChatRequest& request, Call& call, EventSink& sink) {
    without_key_in_errors(call, [&] {
        const std::string model = resolve_model(request.model);
        log_foreign_state(call.host(), config_.id, request,
                          [](std::string_view origin) { return origin == ollama_reasoning_origin; });
        const std::string body = boost::json::serialize(ollama_chat_body(request, model, options_));
        const HttpRequest http = build_request("POST", "/api/chat", body, request.stream, call);
        // A success is a stream when one was asked for, whatever its Content-Type; a
        // connection lost mid-stream leaves an incomplete reply, reported as such unless
        // done:true already came.
        OllamaChatDecoder decoder(config_.id, sink);
        exchange_response(
            call, http, [&](const HttpResponseHead&) { return request.stream; }, decoder,
            [&](const HttpResponseHead& head, std::string_view error_body) {
                return http_error(head, error_body, call);
            },
            [&](std::string_view whole) { decoder.whole_response(whole); });
    });
}

boost::json::value OllamaProvider::embed(const EmbedRequest& request, Call& call) {
    return without_key_in_errors(call, [&] {
        const std::string model = resolve_model(request.model);
        const std::string body = boost::json::serialize(ollama_embed_body(request, model, options_));
        const HttpRequest http = build_request("POST", "/api/embed", body, false, call);
        return ollama_embed_result(config_.id, fetch_json(http, call, "embed response"), model, request.input.size());
    });
}

boost::json::value OllamaProvider::list_models(Call& call) {
    return without_key_in_errors(call, [&] {
        const HttpRequest http = build_request("GET", "/api/tags", {}, false, call);
        return ollama_models_result(config_.id, fetch_json(http, call, "model list"));
    });
}

std::string OllamaProvider::resolve_model(std::string_view requested) const {
    return model_or_default(config_, requested);
}

HttpRequest OllamaProvider::build_request(std::string method, std::string_view path, std::string body, bool stream,
                                          const Call& call) const {
    HttpRequest http = request_with_config(config_, std::move(method), config_.url(path), std::move(body),
                                           stream ? "application/x-ndjson" : "application/json");
    if (!call.api_key().empty()) set_header(http.headers, "Authorization", "Bearer " + std::string(call.api_key()));
    return http;
}

Error OllamaProvider::http_error(const HttpResponseHead& head, std::string_view body, const Call& call) const {
    return ollama_http_error(config_.id, head, body, call.host().wall_clock_ms());
}

boost::json::value OllamaProvider::fetch_json(const HttpRequest& http, const Call& call, std::string_view what) const {
    return fetch_json_body(
        call, http, config_.id, what,
        [&](const HttpResponseHead& head, std::string_view error_body) { return http_error(head, error_body, call); });
}

std::unique_ptr<Provider> make_provider(const Host& host, const ProviderConfig& config) {
    OllamaOptions options = read_ollama_options(config);
    ProviderConfig effective = config;
    effective.base_url = resolve_base_url(config.base_url, host);
    return std::make_unique<OllamaProvider>(std::move(effective), std::move(options));
}

} // namespace llmhost::ollama_plugin
