// A face is one wire format the gateway speaks to its clients (OpenAI Chat Completions, OpenAI
// Responses, Anthropic Messages, Gemini). Each lives in a folder of its own behind this one
// interface: which requests it serves, how it reads a chat request into the canonical model,
// and how it writes responses, stream frames, errors, model lists and token counts. Everything
// else — selection, the attempt loop, metrics, the access log — is the same for every face and
// knows none of them (see chat_endpoint.cpp). Adding a face is a folder and one line in
// faces.cpp.
#pragma once

#include "core/gateway/gateway_error.hpp"
#include "core/gateway/http/http_exchange.hpp"
#include "core/gateway/model_listing.hpp"
#include "core/reliability/request_needs.hpp"

#include <llmhost/chat.hpp>
#include <llmhost/provider_abi.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmhost::gateway {

struct GatewayCore;

// What a request asks of a face.
enum class Endpoint {
    chat,         // a chat turn, whole or streamed
    count_tokens, // the input-token count of a chat request
    models,       // the model list
    embeddings,   // embedding vectors
    own,          // an endpoint only this face has (Face::serve_own)
};

struct RouteMatch {
    Endpoint endpoint = Endpoint::chat;
    std::string_view method; // the method the endpoint takes ("" for any); another one is a 405
    std::string model;       // from the path (Gemini puts it there), else empty
    bool stream = false;     // from the path (Gemini's :streamGenerateContent), else the body decides

    static RouteMatch to(Endpoint endpoint, std::string_view method) {
        RouteMatch m;
        m.endpoint = endpoint;
        m.method = method;
        return m;
    }
};

struct FaceChatRequest {
    ChatRequest chat; // canonical; chat.model holds the client's selector as sent
    bool stream = false;
    bool include_usage = false;  // OpenAI stream_options.include_usage
    std::string session;         // what the client calls its session or user (for affinity), "" when none
    ResponseHeaders notes;       // extra response headers: what the face left out, and why
    std::shared_ptr<void> state; // the face's own per-request state (its encoders and renderers read it)
    // The protocol the client's body is in, when a provider speaking it may take the body as
    // it came (ProviderInstance::chat_wire): nothing in it is the gateway's own. Empty: the
    // canonical request only.
    std::string_view wire_protocol;
    // Set when the face read only what routing needs (Face::parse_chat_routing): the canonical
    // messages and tools are empty until parse_chat reads them, and this is what they need of
    // a provider.
    std::optional<reliability::RequestNeeds> routing_only;
};

// What a response says about itself. Upstream values (from message_start) win over these.
struct ResponseIdentity {
    std::string id;      // generated in the face's style, used when the upstream gives none
    std::string model;   // the model the attempt asked for
    int64_t created = 0; // Unix seconds
};

// Canonical events -> one face's wire frames. Frames are appended to `out`; events that only
// carry state (message_start, usage) append nothing until content flows, so nothing reaches the
// client before the first content event commits the response.
class ChatStreamEncoder {
  public:
    virtual ~ChatStreamEncoder() = default;
    virtual void event(const llmh_event& e, std::string& out) = 0;
    // The provider finished: the closing frames (usage, stop, terminator).
    virtual void finish(std::string& out) = 0;
    // The stream failed after it had started: the face's error event and terminator.
    virtual void fail(const GatewayError& error, std::string& out) = 0;
    // Content events written so far (for metrics).
    virtual uint64_t deltas() const = 0;
    virtual int64_t output_tokens() const = 0;
};

class Face {
  public:
    virtual ~Face() = default;

    // The face's label in metrics and the access log ("openai", "anthropic", ...).
    virtual std::string_view name() const = 0;

    // The endpoint of this face that serves the request (HEAD arrives as GET), or nothing.
    virtual std::optional<RouteMatch> route(std::string_view method, const HttpExchange& exchange) const = 0;

    // True when this face's clients would send this request even though no route matched: its
    // errors (404, 405, 401) are then written in this face's shape.
    virtual bool claims(const HttpExchange& exchange) const = 0;

    // The client's key for this server, from where this face's clients send their API key
    // (by default `Authorization: Bearer`, `x-api-key` or `x-goog-api-key`).
    virtual std::string client_key(const HttpExchange& exchange) const;

    // The request's body (and path) -> the canonical request. Throws GatewayException (400)
    // naming the offending field's path.
    virtual FaceChatRequest parse_chat(HttpExchange& exchange, const RouteMatch& match) const = 0;

    // When the body may go to a provider as it came: the request as far as choosing and
    // calling providers needs it (model, stream, session, settings, what it needs of a
    // provider), with wire_protocol and routing_only set; the messages and tools, most of an
    // agent's body, are left for the provider to read, and for parse_chat if an attempt needs
    // the canonical request after all. The same 400s as parse_chat for the fields it reads.
    // nullopt: parse_chat it is (the default, and whenever the body needs a closer look).
    virtual std::optional<FaceChatRequest> parse_chat_routing(HttpExchange&, const RouteMatch&) const {
        return std::nullopt;
    }

    virtual std::string new_response_id() const = 0;

    // A whole response.
    virtual std::string render_response(const FaceChatRequest& request, const ChatResponse& response,
                                        const ResponseIdentity& identity) const = 0;
    virtual std::unique_ptr<ChatStreamEncoder> stream_encoder(const FaceChatRequest& request,
                                                              ResponseIdentity identity) const = 0;
    virtual std::string_view stream_content_type(const FaceChatRequest&) const { return "text/event-stream"; }

    virtual std::string render_error(const GatewayError& error) const = 0;
    virtual std::string render_models(const std::vector<ListedModel>& models) const = 0;
    virtual std::string render_token_count(int64_t input_tokens) const;

    // Endpoint::own requests; the default answers 404.
    virtual void serve_own(GatewayCore& core, std::shared_ptr<HttpExchange> exchange, const RouteMatch& match) const;
};

// True for events that put something in front of the client (text, reasoning, tool calls,
// finish): the first one commits the response, after which failures are not retried.
inline bool is_content_event(const llmh_event& e) {
    if (e.type == LLMH_EVENT_TEXT_DELTA || e.type == LLMH_EVENT_REASONING_DELTA) return e.text.size > 0;
    return e.type != LLMH_EVENT_MESSAGE_START && e.type != LLMH_EVENT_USAGE;
}

// Every face the gateway speaks, in routing order (first match wins); the last one, OpenAI
// Chat Completions, is also the shape of answers to requests no face claims. State a face
// keeps between requests (the Responses store) lives in the face.
struct GatewaySettings;
std::vector<std::unique_ptr<Face>> make_faces(const GatewaySettings& settings);

} // namespace llmhost::gateway
