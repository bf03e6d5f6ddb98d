// A complete OpenAI-compatible client over the host's transport (Call::http): chat (streamed
// or not), embeddings and model listing. A plugin for an OpenAI-style service is this class
// plus its configuration; services that differ in URLs, auth or extra headers (Azure's
// deployments and api-key header, Copilot's token exchange and editor headers) derive and
// override the hooks below, and keep the whole translation.
#pragma once

#include <llmhost/chat.hpp>
#include <llmhost/error.hpp>
#include <llmhost/http.hpp>
#include <llmhost/protocol/openai/errors.hpp>
#include <llmhost/protocol/openai/request.hpp>
#include <llmhost/protocol/openai/response.hpp>
#include <llmhost/protocol/openai/stream.hpp>
#include <llmhost/provider.hpp>
#include <llmhost/support/chat_exchange.hpp>
#include <llmhost/support/config_checks.hpp>
#include <llmhost/support/foreign_state.hpp>
#include <llmhost/support/json_object_text.hpp>
#include <llmhost/support/key_redaction.hpp>
#include <llmhost/support/provider_request.hpp>

#include <boost/json.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace llmhost {

enum class OpenAIOperation { chat, embeddings, models };

class OpenAICompatibleClient {
  public:
    explicit OpenAICompatibleClient(ProviderConfig config, OpenAIWireOptions wire = {})
        : config_(std::move(config)), wire_(std::move(wire)) {
        // The reasoning_content this server returned goes back to it (DeepSeek and the like
        // reject a tool turn without it); no one else's.
        if (wire_.reasoning_origin.empty()) wire_.reasoning_origin = openai_chat_reasoning_origin(config_.id);
    }
    virtual ~OpenAICompatibleClient() = default;
    OpenAICompatibleClient(const OpenAICompatibleClient&) = delete;
    OpenAICompatibleClient& operator=(const OpenAICompatibleClient&) = delete;

    // Whether chat() sends a client's own chat body on as it came (ChatRequest::wire): when
    // nothing in it has to be rewritten for this server (tool descriptions, the field its
    // reasoning goes back in, a `developer` message for a server that only knows `system`).
    bool takes_wire(const WireBody& wire) const {
        return wire.protocol == wire_protocol::openai_chat && !wire_.name_undescribed_tools &&
               wire_.reasoning_field == OpenAIWireOptions::ReasoningField::reasoning_content &&
               (wire_.developer_role || wire.body.find("\"developer\"") == std::string_view::npos);
    }

    // One chat turn; events go to `sink`. Streams when request.stream is set.
    void chat(const ChatRequest& request, const Call& call, EventSink& sink) const {
        without_key_in_errors(call, [&] {
            const std::string model = resolve_model(request.model);
            log_foreign_state(call.host(), config_.id, request,
                              [&](std::string_view origin) { return origin == wire_.reasoning_origin; });
            std::string body = chat_body(request, model);
            adjust_chat_body(body, request);
            const HttpRequest http =
                build_request("POST", OpenAIOperation::chat, model, std::move(body), &request, call);
            OpenAIStreamDecoder decoder(config_.id, sink, wire_.reasoning_origin);
            exchange_chat(
                call, http, request.stream, decoder,
                [&](const HttpResponseHead& head, std::string_view error_body) {
                    return upstream_error(OpenAIOperation::chat, model, head, error_body, call);
                },
                [&](std::string_view whole) {
                    json_read::ScratchArena arena;
                    emit_openai_completion(config_.id,
                                           parse_openai_body(config_.id, whole, "chat completion", arena.storage()),
                                           sink, wire_.reasoning_origin);
                });
        });
    }

    // {"model","data":[{"index","embedding"}],"usage":{"input_tokens"}}
    boost::json::value embed(const EmbedRequest& request, const Call& call) const {
        return without_key_in_errors(call, [&] {
            const std::string model = resolve_model(request.model);
            const std::string body = boost::json::serialize(openai_embeddings_body(request, model));
            const HttpRequest http = build_request("POST", OpenAIOperation::embeddings, model, body, nullptr, call);
            return openai_embeddings_result(
                config_.id, fetch_result(OpenAIOperation::embeddings, model, http, call, "embeddings response"), model);
        });
    }

    // {"models":[{"id","owned_by"?}]}
    boost::json::value list_models(const Call& call) const {
        return without_key_in_errors(call, [&] {
            const HttpRequest http = build_request("GET", OpenAIOperation::models, {}, {}, nullptr, call);
            return openai_models_result(config_.id,
                                        fetch_result(OpenAIOperation::models, {}, http, call, "models response"),
                                        [this](const boost::json::object& entry) { return keep_model(entry); });
        });
    }

    const ProviderConfig& config() const { return config_; }
    const OpenAIWireOptions& wire_options() const { return wire_; }

    // The request's model, else the configured default (see model_or_default).
    std::string resolve_model(std::string_view requested) const { return model_or_default(config_, requested); }

  protected:
    // ---- hooks (OpenAI's behaviour by default) ------------------------------------------

    // Where an operation goes. `model` is empty for the model listing.
    virtual std::string url_for(OpenAIOperation op, std::string_view /*model*/, const Call& /*call*/) const {
        switch (op) {
        case OpenAIOperation::chat: return config_.url("/chat/completions");
        case OpenAIOperation::embeddings: return config_.url("/embeddings");
        case OpenAIOperation::models: return config_.url("/models");
        }
        return config_.url("/chat/completions");
    }

    // Puts this attempt's credential on the request: a bearer token, only when there is one
    // (local servers run keyless).
    virtual void authorize(Headers& headers, const Call& call) const {
        if (!call.api_key().empty()) set_header(headers, "Authorization", "Bearer " + std::string(call.api_key()));
    }

    // Service-specific headers; `chat` is the request for chat exchanges, else null.
    virtual void add_headers(Headers& /*headers*/, OpenAIOperation /*op*/, const ChatRequest* /*chat*/,
                             const Call& /*call*/) const {}

    // Last changes to the chat body, as JSON text (fields a service adds or must not see). Most
    // services need none; one that does may parse, change and serialize it here.
    virtual void adjust_chat_body(std::string& /*body*/, const ChatRequest& /*request*/) const {}
    // The hook's earlier form, on a boost::json tree. Final, so that a plugin still overriding
    // it fails to compile rather than having its changes silently skipped.
    virtual void adjust_chat_body(boost::json::object& /*body*/, const ChatRequest& /*request*/) const final {}

    // Whether a /models entry is listed.
    virtual bool keep_model(const boost::json::object& /*entry*/) const { return true; }

    // A failed exchange of `op` (status not 2xx) as a typed error; `model` is empty for the
    // model listing. OpenAI's mapping by default; services refine it where their error codes
    // mean more (Azure's content filter and missing deployments).
    virtual Error upstream_error(OpenAIOperation /*op*/, std::string_view /*model*/, const HttpResponseHead& head,
                                 std::string_view body, const Call& call) const {
        return http_error(head, body, call);
    }

    // ---- building blocks for subclasses ---------------------------------------------------

    // The chat body for `request`: the client's own with what this server needs changed, when
    // it came as it is (ChatRequest::wire); else built from the canonical request.
    std::string chat_body(const ChatRequest& request, std::string_view model) const {
        if (!request.wire || !takes_wire(*request.wire)) return openai_chat_body(request, model, wire_);
        JsonObjectText body(request.wire->body);
        std::string quoted_model;
        append_json_string(quoted_model, model);
        body.set("model", std::move(quoted_model));
        body.set("stream", request.stream ? "true" : "false");
        // As for a built body: stream_options is the provider's to decide, never a client's.
        if (request.stream && wire_.include_usage)
            body.set("stream_options", "{\"include_usage\":true}");
        else
            body.erase("stream_options");
        if (wire_.max_tokens_field == OpenAIWireOptions::MaxTokensField::max_completion_tokens)
            if (const auto max_tokens = body.raw("max_tokens")) {
                body.set("max_completion_tokens", std::string(*max_tokens));
                body.erase("max_tokens");
            }
        return body.text();
    }

    HttpRequest build_request(std::string method, OpenAIOperation op, std::string_view model, std::string body,
                              const ChatRequest* chat, const Call& call) const {
        const bool stream = chat && chat->stream;
        HttpRequest http = request_with_config(config_, std::move(method), url_for(op, model, call), std::move(body),
                                               stream ? "text/event-stream" : "application/json");
        authorize(http.headers, call);
        add_headers(http.headers, op, chat, call);
        // A Chat Completions client's OpenAI-Beta, as far as this provider's filter allows.
        if (chat && has_extension_for(*chat, wire_protocol::openai_chat))
            if (std::string beta = openai_beta_header(find_header(http.headers, "OpenAI-Beta"), *chat, wire_.betas);
                !beta.empty())
                set_header(http.headers, "OpenAI-Beta", beta);
        return http;
    }

    // One buffered exchange whose 2xx body is JSON; any other status becomes a typed error.
    boost::json::value fetch_json(const HttpRequest& http, const Call& call, std::string_view what) const {
        return fetch_json_body(call, http, config_.id, what,
                               [&](const HttpResponseHead& head, std::string_view error_body) {
                                   return http_error(head, error_body, call);
                               });
    }

    Error http_error(const HttpResponseHead& head, std::string_view body, const Call& call) const {
        return openai_http_error(config_.id, head.status, head.headers, body, call.host().wall_clock_ms());
    }

    static bool is_success(int status) { return is_success_status(status); }

  private:
    // fetch_json for the client's own operations: failures go through upstream_error.
    boost::json::value fetch_result(OpenAIOperation op, std::string_view model, const HttpRequest& http,
                                    const Call& call, std::string_view what) const {
        return fetch_json_body(call, http, config_.id, what,
                               [&](const HttpResponseHead& head, std::string_view error_body) {
                                   return upstream_error(op, model, head, error_body, call);
                               });
    }

    ProviderConfig config_;
    OpenAIWireOptions wire_;
};

} // namespace llmhost
