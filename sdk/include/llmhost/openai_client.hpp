// A complete OpenAI-compatible client over the host's transport (Call::http): chat (streamed
// or not), embeddings and model listing. A plugin for an OpenAI-style service is this class
// plus its configuration; services that differ in URLs, auth or extra headers (Azure's
// deployments and api-key header, Copilot's token exchange and editor headers) derive and
// override the hooks below, and keep the whole translation.
#pragma once

#include <llmhost/chat.hpp>
#include <llmhost/error.hpp>
#include <llmhost/http.hpp>
#include <llmhost/openai_errors.hpp>
#include <llmhost/openai_request.hpp>
#include <llmhost/openai_response.hpp>
#include <llmhost/openai_stream.hpp>
#include <llmhost/provider.hpp>

#include <boost/json.hpp>

#include <exception>
#include <string>
#include <string_view>
#include <utility>

namespace llmhost {

enum class OpenAIOperation { chat, embeddings, models };

class OpenAICompatibleClient {
  public:
    explicit OpenAICompatibleClient(ProviderConfig config, OpenAIWireOptions wire = {})
        : config_(std::move(config)), wire_(wire) {}
    virtual ~OpenAICompatibleClient() = default;
    OpenAICompatibleClient(const OpenAICompatibleClient&) = delete;
    OpenAICompatibleClient& operator=(const OpenAICompatibleClient&) = delete;

    // One chat turn; events go to `sink`. Streams when request.stream is set.
    void chat(const ChatRequest& request, const Call& call, EventSink& sink) const {
        without_key_in_errors(call, [&] {
            const std::string model = resolve_model(request.model);
            boost::json::object body = openai_chat_body(request, model, wire_);
            adjust_chat_body(body, request);
            const HttpRequest http =
                build_request("POST", OpenAIOperation::chat, model, boost::json::serialize(body), &request, call);
            exchange_chat(http, model, request.stream, call, sink);
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

    // The request's model, else the configured default; a request with neither is refused
    // before any network I/O.
    std::string resolve_model(std::string_view requested) const {
        if (!requested.empty()) return std::string(requested);
        if (!config_.default_model.empty()) return config_.default_model;
        throw Error(LLMH_ERR_BAD_REQUEST, config_.id + ": no model given and the provider has no default_model");
    }

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

    // Last changes to the chat body (fields a service adds or must not see).
    virtual void adjust_chat_body(boost::json::object& /*body*/, const ChatRequest& /*request*/) const {}

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

    HttpRequest build_request(std::string method, OpenAIOperation op, std::string_view model, std::string body,
                              const ChatRequest* chat, const Call& call) const {
        HttpRequest http;
        http.method = std::move(method);
        http.url = url_for(op, model, call);
        if (!body.empty()) set_header(http.headers, "Content-Type", "application/json");
        const bool stream = chat && chat->stream;
        set_header(http.headers, "Accept", stream ? "text/event-stream" : "application/json");
        for (const auto& [name, value] : config_.http_headers)
            set_header(http.headers, name, value);
        authorize(http.headers, call);
        add_headers(http.headers, op, chat, call);
        http.body = std::move(body);
        http.total_timeout_ms = config_.timeout_ms;
        http.idle_timeout_ms = config_.stream_idle_timeout_ms;
        return http;
    }

    // One buffered exchange whose 2xx body is JSON; any other status becomes a typed error.
    boost::json::value fetch_json(const HttpRequest& http, const Call& call, std::string_view what) const {
        const HttpResponse response = call.http_buffered(http);
        if (!is_success(response.head.status)) throw http_error(response.head, response.body, call);
        return parse_openai_body(config_.id, response.body, what);
    }

    Error http_error(const HttpResponseHead& head, std::string_view body, const Call& call) const {
        return openai_http_error(config_.id, head.status, head.headers, body, call.host().wall_clock_ms());
    }

    static bool is_success(int status) { return status >= 200 && status < 300; }

  private:
    // Error bodies are short; this bounds what a misbehaving server can make us hold.
    static constexpr size_t max_error_body = 64 * 1024;

    // fetch_json for the client's own operations: failures go through upstream_error.
    boost::json::value fetch_result(OpenAIOperation op, std::string_view model, const HttpRequest& http,
                                    const Call& call, std::string_view what) const {
        const HttpResponse response = call.http_buffered(http);
        if (!is_success(response.head.status)) throw upstream_error(op, model, response.head, response.body, call);
        return parse_openai_body(config_.id, response.body, what);
    }

    // Decodes the chat response as it arrives. The status is checked before the body is
    // treated as a stream: an error body is buffered and mapped instead. A server that
    // answers a streaming request with plain JSON (or the reverse) is understood too.
    void exchange_chat(const HttpRequest& http, std::string_view model, bool stream_requested, const Call& call,
                       EventSink& sink) const {
        OpenAIStreamDecoder decoder(config_.id, sink);
        HttpResponseHead head;
        bool decoding_stream = false;
        std::string buffered;
        std::exception_ptr decode_failure; // kept apart from transport failures, which Call::http throws
        try {
            call.http(
                http,
                [&](const HttpResponseHead& h) {
                    head = h;
                    decoding_stream = is_success(h.status) && is_event_stream(h, stream_requested);
                    return true;
                },
                [&](std::string_view chunk) {
                    if (!decoding_stream) {
                        if (is_success(head.status) || buffered.size() < max_error_body) buffered.append(chunk);
                        return true;
                    }
                    try {
                        decoder.feed(chunk);
                    } catch (...) {
                        decode_failure = std::current_exception();
                        return false;
                    }
                    return true;
                });
        } catch (const Error& e) {
            if (e.error_class() == LLMH_ERR_CANCELLED || head.status == 0) throw; // nothing was received
            if (!is_success(head.status)) throw upstream_error(OpenAIOperation::chat, model, head, buffered, call);
            if (!decoding_stream) throw;
            decoder.finish(e.what()); // the transport broke mid-stream: complete only if finished
            return;
        }
        if (decode_failure) std::rethrow_exception(decode_failure);
        if (!is_success(head.status)) throw upstream_error(OpenAIOperation::chat, model, head, buffered, call);
        if (decoding_stream)
            decoder.finish();
        else
            emit_openai_completion(config_.id, parse_openai_body(config_.id, buffered, "chat completion"), sink);
    }

    static bool is_event_stream(const HttpResponseHead& head, bool stream_requested) {
        const std::string_view type = head.header("content-type");
        if (type.rfind("text/event-stream", 0) == 0) return true;
        if (type.rfind("application/json", 0) == 0) return false;
        return stream_requested;
    }

    // Runs `body`, scrubbing this attempt's key from any error message on the way out.
    template <class Body> static auto without_key_in_errors(const Call& call, Body&& body) -> decltype(body()) {
        try {
            return body();
        } catch (const Error& e) {
            if (call.api_key().empty()) throw;
            throw redact_secret(e, call.api_key());
        }
    }

    ProviderConfig config_;
    OpenAIWireOptions wire_;
};

} // namespace llmhost
