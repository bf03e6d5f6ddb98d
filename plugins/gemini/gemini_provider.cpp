#include "gemini_provider.hpp"

#include "gemini_embeddings.hpp"
#include "gemini_errors.hpp"
#include "gemini_models.hpp"
#include "gemini_request.hpp"
#include "gemini_response.hpp"
#include "gemini_stream.hpp"

#include <llmhost/support/chat_exchange.hpp>
#include <llmhost/support/config_checks.hpp>
#include <llmhost/support/foreign_state.hpp>
#include <llmhost/support/json_read.hpp>
#include <llmhost/support/key_redaction.hpp>
#include <llmhost/support/provider_request.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <span>
#include <utility>

namespace llmhost::gemini_plugin {

GeminiProvider::GeminiProvider(ProviderConfig config, GeminiOptions options)
    : endpoints_(config, options), config_(std::move(config)), options_(std::move(options)) {}

void GeminiProvider::chat(const ChatRequest& request, Call& call, EventSink& sink) {
    log_foreign_state(call.host(), "gemini", request,
                      [](std::string_view origin) { return origin == reasoning_origin::gemini; });
    without_key_in_errors(call, [&] {
        const std::string model = chat_model(request.model);
        const std::string body = boost::json::serialize(gemini_generate_body(request));
        const HttpRequest http = build("POST", endpoints_.generate(model, request.stream), body, request.stream, call);
        GeminiStreamDecoder decoder(config_.id, sink);
        exchange_chat(
            call, http, request.stream, decoder,
            [&](const HttpResponseHead& head, std::string_view error_body) {
                return upstream_error(head, error_body, call);
            },
            [&](std::string_view whole) {
                emit_gemini_response(config_.id, json_read::parse_body(config_.id, whole, "response"), sink);
            });
    });
}

boost::json::value GeminiProvider::embed(const EmbedRequest& request, Call& call) {
    return without_key_in_errors(call, [&]() -> boost::json::value {
        if (request.input.empty()) throw Error(LLMH_ERR_BAD_REQUEST, config_.id + ": embed needs at least one input");
        const std::string model = embedding_model(request.model);
        boost::json::array data;
        const std::span<const std::string> inputs(request.input);
        for (size_t from = 0; from < inputs.size(); from += max_embed_batch) {
            const auto batch = inputs.subspan(from, std::min(max_embed_batch, inputs.size() - from));
            const std::string body = boost::json::serialize(gemini_batch_embed_body(batch, model));
            const auto response = fetch_json(build("POST", endpoints_.batch_embed(model), body, false, call), call,
                                             "embeddings response");
            collect_gemini_embeddings(config_.id, response, batch.size(), data);
        }
        return {{"model", model}, {"data", std::move(data)}, {"usage", boost::json::object()}};
    });
}

// countTokens on the whole generateContent request, so that the system instruction and
// tools are counted too.
int64_t GeminiProvider::count_tokens(const ChatRequest& request, Call& call) {
    return without_key_in_errors(call, [&] {
        const std::string model = chat_model(request.model);
        boost::json::object generate = gemini_generate_body(request);
        generate["model"] = "models/" + model;
        const std::string body = boost::json::serialize(boost::json::object{{"generateContentRequest", generate}});
        const auto response =
            fetch_json(build("POST", endpoints_.count_tokens(model), body, false, call), call, "token count");
        const auto n = json_read::integer_member(response.as_object(), "totalTokens");
        if (!n) throw Error(LLMH_ERR_MALFORMED_RESPONSE, config_.id + ": the token count has no totalTokens");
        return *n;
    });
}

boost::json::value GeminiProvider::list_models(Call& call) {
    return without_key_in_errors(call, [&]() -> boost::json::value {
        boost::json::array models;
        std::string token;
        for (int page = 0; page < max_model_pages; ++page) {
            const auto body =
                fetch_json(build("GET", endpoints_.models(token), {}, false, call), call, "models response");
            std::string next = collect_gemini_models(config_.id, body, models);
            if (next.empty() || next == token) break;
            token = std::move(next);
        }
        return {{"models", std::move(models)}};
    });
}

std::string GeminiProvider::chat_model(std::string_view requested) const {
    const std::string_view model = bare_model_id(requested.empty() ? config_.default_model : requested);
    if (model.empty())
        throw Error(LLMH_ERR_BAD_REQUEST, config_.id + ": no model given and the provider has no default_model");
    return std::string(model);
}

// The chat default cannot embed, so a request for it (the CLI's `embed` without -m) or for
// no model at all goes to the embedding model.
std::string GeminiProvider::embedding_model(std::string_view requested) const {
    const std::string_view model = bare_model_id(requested);
    if (model.empty() || model == bare_model_id(config_.default_model)) return options_.embedding_model;
    return std::string(model);
}

HttpRequest GeminiProvider::build(std::string method, std::string url, std::string body, bool stream,
                                  const Call& call) const {
    HttpRequest http = request_with_config(config_, std::move(method), std::move(url), std::move(body),
                                           stream ? "text/event-stream" : "application/json");
    if (!call.api_key().empty()) set_header(http.headers, "x-goog-api-key", call.api_key());
    return http;
}

boost::json::value GeminiProvider::fetch_json(const HttpRequest& http, const Call& call, std::string_view what) const {
    return fetch_json_body(call, http, config_.id, what,
                           [&](const HttpResponseHead& head, std::string_view error_body) {
                               return upstream_error(head, error_body, call);
                           });
}

Error GeminiProvider::upstream_error(const HttpResponseHead& head, std::string_view body, const Call& call) const {
    return gemini_http_error(config_.id, head.status, head.headers, body, call.host().wall_clock_ms());
}

std::unique_ptr<Provider> make_provider(const Host& /*host*/, const ProviderConfig& config) {
    check_base_url(config);
    return std::make_unique<GeminiProvider>(config, read_gemini_options(config));
}

} // namespace llmhost::gemini_plugin
