// A complete Anthropic Messages client over the host's transport (Call::http): chat (streamed
// or not) and model listing (docs/protocols/anthropic.md). A plugin for Anthropic, or for a service that
// hosts the same format behind another URL or auth scheme, is this class plus its
// configuration; services that differ further derive and override the hooks below.
#pragma once

#include <llmhost/chat.hpp>
#include <llmhost/error.hpp>
#include <llmhost/http.hpp>
#include <llmhost/protocol/anthropic/errors.hpp>
#include <llmhost/protocol/anthropic/request.hpp>
#include <llmhost/protocol/anthropic/response.hpp>
#include <llmhost/protocol/anthropic/stream.hpp>
#include <llmhost/provider.hpp>
#include <llmhost/support/chat_exchange.hpp>
#include <llmhost/support/config_checks.hpp>
#include <llmhost/support/json_object_text.hpp>
#include <llmhost/support/key_redaction.hpp>
#include <llmhost/support/provider_request.hpp>
#include <llmhost/support/wire_extension.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llmhost {

enum class AnthropicOperation { messages, models, count_tokens };

// How the credential travels: an API key in `x-api-key`, or an OAuth access token as
// `Authorization: Bearer` (what the official SDK calls auth_token).
enum class AnthropicAuth { api_key, bearer };

inline constexpr std::string_view anthropic_default_version = "2023-06-01";

struct AnthropicClientOptions {
    AnthropicWireOptions wire;
    AnthropicAuth auth = AnthropicAuth::api_key;
    std::string version{anthropic_default_version}; // the anthropic-version header
    std::string beta;                               // the anthropic-beta header ("" = not sent)
    BetaFilter forwarded_betas; // which of a client's anthropic-beta values go on (wire_extension.hpp)
};

// The anthropic-beta header: the configured betas, then those the client sent that `filter`
// lets through, each once; "" when there is none.
inline std::string anthropic_beta_header(std::string_view configured, const ChatRequest* chat,
                                         const BetaFilter& filter) {
    return beta_header_value(configured, chat, wire_protocol::anthropic_messages, "anthropic-beta", filter);
}

class AnthropicClient {
  public:
    explicit AnthropicClient(ProviderConfig config, AnthropicClientOptions options = {})
        : config_(std::move(config)), options_(std::move(options)) {
        if (config_.base_url.empty())
            throw Error(LLMH_ERR_INVALID_CONFIG, "needs a base_url (set base_url in [providers." + config_.id + "])");
        if (config_.base_url.rfind("http://", 0) != 0 && config_.base_url.rfind("https://", 0) != 0)
            throw Error(LLMH_ERR_INVALID_CONFIG,
                        "base_url '" + config_.base_url + "' must be an absolute http:// or https:// URL");
    }
    virtual ~AnthropicClient() = default;
    AnthropicClient(const AnthropicClient&) = delete;
    AnthropicClient& operator=(const AnthropicClient&) = delete;

    // Whether chat() sends a client's own Messages body on as it came (ChatRequest::wire).
    bool takes_wire(const WireBody& wire) const { return wire.protocol == wire_protocol::anthropic_messages; }

    // One chat turn; events go to `sink`. Streams when request.stream is set.
    void chat(const ChatRequest& request, const Call& call, EventSink& sink) const {
        without_key_in_errors(call, [&] {
            const HttpRequest http =
                build_request("POST", AnthropicOperation::messages, url_for(AnthropicOperation::messages, {}),
                              messages_body(request), &request, call);
            AnthropicStreamDecoder decoder(config_.id, sink);
            exchange_chat(
                call, http, request.stream, decoder,
                [&](const HttpResponseHead& head, std::string_view error_body) {
                    return http_error(head, error_body, call);
                },
                [&](std::string_view whole) {
                    emit_anthropic_message(config_.id, anthropic_parse_body(config_.id, whole, "message"), sink);
                });
        });
    }

    // The input tokens of `request`, from POST /v1/messages/count_tokens: the Messages body
    // with only the fields that endpoint takes (it refuses those that shape the answer).
    int64_t count_tokens(const ChatRequest& request, const Call& call) const {
        return without_key_in_errors(call, [&] {
            boost::json::object whole = anthropic_messages_body(request, resolve_model(request.model), options_.wire);
            adjust_body(whole, request);
            boost::json::object body;
            for (const std::string_view key : count_tokens_fields)
                if (auto* value = whole.if_contains(key)) body.emplace(key, std::move(*value));
            const HttpRequest http =
                build_request("POST", AnthropicOperation::count_tokens, url_for(AnthropicOperation::count_tokens, {}),
                              json_text(body), &request, call);
            const std::string answer =
                fetch_success_body(call, http, [&](const HttpResponseHead& head, std::string_view error_body) {
                    return http_error(head, error_body, call);
                });
            const auto parsed = anthropic_parse_body(config_.id, answer, "token count");
            const auto n = json_read::integer_member(parsed.as_object(), "input_tokens");
            if (!n) throw Error(LLMH_ERR_MALFORMED_RESPONSE, config_.id + ": the token count has no input_tokens");
            return *n;
        });
    }

    // {"models":[{"id","display_name"?}]}, every page of the listing.
    boost::json::value list_models(const Call& call) const {
        return without_key_in_errors(call, [&] {
            boost::json::array models;
            std::string after;
            // A bound on pages guards against a server that always says has_more.
            for (int page = 0; page < max_model_pages; ++page) {
                std::string query = "limit=1000";
                if (!after.empty()) query += "&after_id=" + url_encode(after);
                const HttpRequest http = build_request("GET", AnthropicOperation::models,
                                                       url_for(AnthropicOperation::models, query), {}, nullptr, call);
                const std::string body =
                    fetch_success_body(call, http, [&](const HttpResponseHead& head, std::string_view error_body) {
                        return http_error(head, error_body, call);
                    });
                after = anthropic_models_page(config_.id, anthropic_parse_body(config_.id, body, "models response"),
                                              models);
                if (after.empty()) break;
            }
            return boost::json::value{{"models", std::move(models)}};
        });
    }

    const ProviderConfig& config() const { return config_; }
    const AnthropicClientOptions& options() const { return options_; }

    // The request's model, else the configured default (see model_or_default).
    std::string resolve_model(std::string_view requested) const { return model_or_default(config_, requested); }

  protected:
    // ---- hooks (Anthropic's behaviour by default) ---------------------------------------

    // Where an operation goes. The base URL is the API root (https://api.anthropic.com); one
    // that already ends in /v1 is accepted too.
    virtual std::string url_for(AnthropicOperation op, std::string_view query) const {
        const bool has_version = config_.base_url.ends_with("/v1");
        const std::string prefix = has_version ? "" : "/v1";
        const char* path = op == AnthropicOperation::models         ? "/models"
                           : op == AnthropicOperation::count_tokens ? "/messages/count_tokens"
                                                                    : "/messages";
        return config_.url(prefix + path, query);
    }

    // Puts this attempt's credential on the request, only when there is one (a gateway behind
    // anthropic-custom:<URL> may need none).
    virtual void authorize(Headers& headers, const Call& call) const {
        if (call.api_key().empty()) return;
        if (options_.auth == AnthropicAuth::bearer)
            set_header(headers, "Authorization", "Bearer " + std::string(call.api_key()));
        else
            set_header(headers, "x-api-key", call.api_key());
    }

    // Service-specific headers; `chat` is the request for chat exchanges, else null.
    virtual void add_headers(Headers& /*headers*/, AnthropicOperation /*op*/, const ChatRequest* /*chat*/,
                             const Call& /*call*/) const {}

    // Last changes to the Messages body (fields a service adds or must not see).
    virtual void adjust_body(boost::json::object& /*body*/, const ChatRequest& /*request*/) const {}

    // The Messages body for `request`: the client's own with the model to ask for, when it
    // came as it is (ChatRequest::wire); else built from the canonical request.
    std::string messages_body(const ChatRequest& request) const {
        const std::string model = resolve_model(request.model);
        if (request.wire && takes_wire(*request.wire)) {
            JsonObjectText body(request.wire->body);
            std::string quoted_model;
            append_json_string(quoted_model, model);
            body.set("model", std::move(quoted_model));
            body.set("stream", request.stream ? "true" : "false");
            return body.text();
        }
        boost::json::object body = anthropic_messages_body(request, model, options_.wire);
        adjust_body(body, request);
        return json_text(body);
    }

    // ---- building blocks for subclasses ---------------------------------------------------

    HttpRequest build_request(std::string method, AnthropicOperation op, std::string url, std::string body,
                              const ChatRequest* chat, const Call& call) const {
        Headers anthropic_headers{{"anthropic-version", options_.version}};
        if (std::string beta = anthropic_beta_header(options_.beta, chat, options_.forwarded_betas); !beta.empty())
            anthropic_headers.emplace_back("anthropic-beta", std::move(beta));
        // Configured headers are the user's last word on everything but the credential.
        HttpRequest http =
            request_with_config(config_, std::move(method), std::move(url), std::move(body),
                                chat && chat->stream ? "text/event-stream" : "application/json", anthropic_headers);
        authorize(http.headers, call);
        add_headers(http.headers, op, chat, call);
        return http;
    }

    Error http_error(const HttpResponseHead& head, std::string_view body, const Call& call) const {
        return anthropic_http_error(config_.id, head.status, head.headers, body, call.host().wall_clock_ms());
    }

  private:
    static constexpr int max_model_pages = 50;
    // The body fields POST /v1/messages/count_tokens takes (its GA and beta parameters).
    static constexpr auto count_tokens_fields = std::to_array<std::string_view>(
        {"model", "messages", "system", "tools", "tool_choice", "thinking", "output_config", "output_format",
         "cache_control", "context_management", "mcp_servers", "compaction", "speed", "billing_policy",
         "user_profile_id", "workspace_id"});

    ProviderConfig config_;
    AnthropicClientOptions options_;
};

} // namespace llmhost
