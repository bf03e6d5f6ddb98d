// A client for OpenAI's Responses API (POST /responses) over the host's transport, shaped like
// OpenAICompatibleClient: services that differ in URL, auth, headers or error answers (Azure's
// v1 endpoint, Copilot, ChatGPT's Codex backend) derive and override the hooks.
#pragma once

#include <llmhost/chat.hpp>
#include <llmhost/error.hpp>
#include <llmhost/http.hpp>
#include <llmhost/protocol/openai/errors.hpp>
#include <llmhost/protocol/responses/request.hpp>
#include <llmhost/protocol/responses/response.hpp>
#include <llmhost/protocol/responses/stream.hpp>
#include <llmhost/provider.hpp>
#include <llmhost/support/chat_exchange.hpp>
#include <llmhost/support/config_checks.hpp>
#include <llmhost/support/foreign_state.hpp>
#include <llmhost/support/key_redaction.hpp>
#include <llmhost/support/provider_request.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace llmhost {

class ResponsesClient {
  public:
    explicit ResponsesClient(ProviderConfig config, ResponsesWireOptions wire = {})
        : config_(std::move(config)), wire_(std::move(wire)) {
        if (wire_.reasoning_origin.empty()) wire_.reasoning_origin = std::string(reasoning_origin::openai_responses);
    }
    virtual ~ResponsesClient() = default;
    ResponsesClient(const ResponsesClient&) = delete;
    ResponsesClient& operator=(const ResponsesClient&) = delete;

    // A client's own body is always rebuilt: the gateway does not hand Responses bodies on.
    bool takes_wire(const WireBody&) const { return false; }

    // One chat turn; events go to `sink`. Streams when request.stream (or the server) asks it.
    void chat(const ChatRequest& request, const Call& call, EventSink& sink) const {
        without_key_in_errors(call, [&] {
            const std::string model = model_or_default(config_, request.model);
            log_foreign_state(call.host(), config_.id, request,
                              [&](std::string_view origin) { return origin == wire_.reasoning_origin; });
            std::string body = responses_body(request, model, wire_, wire_.reasoning_origin);
            adjust_body(body, request);
            const bool stream = request.stream || wire_.always_stream;
            HttpRequest http = request_with_config(config_, "POST", responses_url(call), std::move(body),
                                                   stream ? "text/event-stream" : "application/json");
            authorize(http.headers, call);
            add_headers(http.headers, request, call);
            ResponsesStreamDecoder decoder(config_.id, sink, wire_.reasoning_origin);
            exchange_chat(
                call, http, stream, decoder,
                [&](const HttpResponseHead& head, std::string_view error_body) {
                    if (auto e = upstream_error(head, error_body, call)) return std::move(*e);
                    return http_error(head, error_body, call);
                },
                [&](std::string_view whole) {
                    json_read::ScratchArena arena;
                    emit_responses_response(config_.id, json_read::parse_body(config_.id, whole, "response"), sink,
                                            wire_.reasoning_origin);
                });
        });
    }

    const ProviderConfig& config() const { return config_; }
    const ResponsesWireOptions& wire_options() const { return wire_; }

  protected:
    virtual std::string responses_url(const Call& /*call*/) const { return config_.url("/responses"); }
    virtual void authorize(Headers& headers, const Call& call) const {
        if (!call.api_key().empty()) set_header(headers, "Authorization", "Bearer " + std::string(call.api_key()));
    }
    virtual void add_headers(Headers& /*headers*/, const ChatRequest& /*request*/, const Call& /*call*/) const {}
    // Last changes to the body's JSON text.
    virtual void adjust_body(std::string& /*body*/, const ChatRequest& /*request*/) const {}
    // A service's own reading of a failed status; nullopt: OpenAI's mapping (http_error).
    virtual std::optional<Error> upstream_error(const HttpResponseHead& /*head*/, std::string_view /*body*/,
                                                const Call& /*call*/) const {
        return std::nullopt;
    }

    Error http_error(const HttpResponseHead& head, std::string_view body, const Call& call) const {
        return openai_http_error(config_.id, head.status, head.headers, body, call.host().wall_clock_ms());
    }

  private:
    ProviderConfig config_;
    ResponsesWireOptions wire_;
};

} // namespace llmhost
