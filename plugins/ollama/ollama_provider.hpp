// The ollama provider: canonical calls -> Ollama's native endpoints over the host's transport.
//
//   chat         POST /api/chat   NDJSON stream, or one object with "stream": false
//   embed        POST /api/embed
//   list_models  GET  /api/tags
//
// Keyless: a key (OLLAMA_API_KEY, for the ollama.com cloud) is sent as a bearer token only
// when the host resolved one, and is scrubbed from every error message.
#pragma once

#include "ollama_base_url.hpp"
#include "ollama_chat_decoder.hpp"
#include "ollama_errors.hpp"
#include "ollama_options.hpp"
#include "ollama_request.hpp"
#include "ollama_results.hpp"

#include <llmhost/chat.hpp>
#include <llmhost/error.hpp>
#include <llmhost/http.hpp>
#include <llmhost/openai_errors.hpp>
#include <llmhost/openai_response.hpp>
#include <llmhost/provider.hpp>

#include <boost/json.hpp>

#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace llmhost::ollama_plugin {

class OllamaProvider final : public Provider {
  public:
    OllamaProvider(ProviderConfig config, OllamaOptions options)
        : config_(std::move(config)), options_(std::move(options)) {}

    void chat(const ChatRequest& request, Call& call, EventSink& sink) override {
        without_key_in_errors(call, [&] {
            const std::string model = resolve_model(request.model);
            const std::string body =
                boost::json::serialize(named_errors([&] { return ollama_chat_body(request, model, options_); }));
            const HttpRequest http = build_request("POST", "/api/chat", body, request.stream, call);
            exchange_chat(http, request.stream, call, sink);
        });
    }

    boost::json::value embed(const EmbedRequest& request, Call& call) override {
        return without_key_in_errors(call, [&] {
            const std::string model = resolve_model(request.model);
            const std::string body = boost::json::serialize(ollama_embed_body(request, model, options_));
            const HttpRequest http = build_request("POST", "/api/embed", body, false, call);
            return ollama_embed_result(config_.id, fetch_json(http, call, "embed response"), model,
                                       request.input.size());
        });
    }

    boost::json::value list_models(Call& call) override {
        return without_key_in_errors(call, [&] {
            const HttpRequest http = build_request("GET", "/api/tags", {}, false, call);
            return ollama_models_result(config_.id, fetch_json(http, call, "model list"));
        });
    }

    const ProviderConfig& config() const { return config_; }

  private:
    // Error bodies are short; this bounds what a misbehaving server can make us hold.
    static constexpr size_t max_error_body = 64 * 1024;

    static bool is_success(int status) { return status >= 200 && status < 300; }

    std::string resolve_model(std::string_view requested) const {
        if (!requested.empty()) return std::string(requested);
        if (!config_.default_model.empty()) return config_.default_model;
        throw Error(LLMH_ERR_BAD_REQUEST, config_.id + ": no model given and the provider has no default_model");
    }

    HttpRequest build_request(std::string method, std::string_view path, std::string body, bool stream,
                              const Call& call) const {
        HttpRequest http;
        http.method = std::move(method);
        http.url = config_.url(path);
        if (!body.empty()) set_header(http.headers, "Content-Type", "application/json");
        set_header(http.headers, "Accept", stream ? "application/x-ndjson" : "application/json");
        for (const auto& [name, value] : config_.http_headers)
            set_header(http.headers, name, value);
        if (!call.api_key().empty()) set_header(http.headers, "Authorization", "Bearer " + std::string(call.api_key()));
        http.body = std::move(body);
        http.total_timeout_ms = config_.timeout_ms;
        http.idle_timeout_ms = config_.stream_idle_timeout_ms;
        return http;
    }

    Error http_error(const HttpResponseHead& head, std::string_view body, const Call& call) const {
        return ollama_http_error(config_.id, head, body, call.host().wall_clock_ms());
    }

    // One buffered exchange whose 2xx body is JSON; any other status becomes a typed error.
    boost::json::value fetch_json(const HttpRequest& http, const Call& call, std::string_view what) const {
        const HttpResponse response = call.http_buffered(http);
        if (!is_success(response.head.status)) throw http_error(response.head, response.body, call);
        return parse_openai_body(config_.id, response.body, what);
    }

    // The status is checked before the body is treated as a reply: an error body is buffered
    // (bounded) and mapped. A streamed reply is decoded as it arrives; a connection lost
    // mid-stream leaves an incomplete reply, reported as such unless done:true already came.
    void exchange_chat(const HttpRequest& http, bool stream, const Call& call, EventSink& sink) const {
        OllamaChatDecoder decoder(config_.id, sink);
        HttpResponseHead head;
        std::string buffered;
        std::exception_ptr decode_failure; // kept apart from transport failures, which Call::http throws
        auto decoding = [&] { return stream && is_success(head.status); };
        try {
            call.http(
                http,
                [&](const HttpResponseHead& h) {
                    head = h;
                    return true;
                },
                [&](std::string_view chunk) {
                    if (!decoding()) {
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
            if (!is_success(head.status)) throw http_error(head, buffered, call);
            if (!decoding()) throw;
            decoder.end_of_stream(e.what());
            return;
        }
        if (decode_failure) std::rethrow_exception(decode_failure);
        if (!is_success(head.status)) throw http_error(head, buffered, call);
        if (decoding())
            decoder.end_of_stream();
        else
            decoder.whole_response(buffered);
    }

    // Runs `body`, putting the provider id in front of the message of any error it throws.
    template <class Body> auto named_errors(Body&& body) const -> decltype(body()) {
        try {
            return body();
        } catch (const Error& e) {
            throw Error(e.error_class(), config_.id + ": " + e.what(), e.http_status(), e.retry_after_ms());
        }
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
    OllamaOptions options_;
};

// The factory the entry point names: validates the options and settles the base URL (see
// ollama_base_url.hpp for OLLAMA_HOST).
inline std::unique_ptr<Provider> make_provider(const Host& host, const ProviderConfig& config) {
    try {
        OllamaOptions options = read_ollama_options(config);
        ProviderConfig effective = config;
        effective.base_url = resolve_base_url(config.base_url, host);
        return std::make_unique<OllamaProvider>(std::move(effective), std::move(options));
    } catch (const Error& e) {
        throw Error(e.error_class(), config.id + ": " + e.what());
    }
}

} // namespace llmhost::ollama_plugin
