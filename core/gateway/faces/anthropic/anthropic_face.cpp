// The Anthropic Messages face: its routes (including the side requests Claude Code makes),
// and the codec functions of this folder behind the Face interface.
#include "core/gateway/faces/anthropic/anthropic_face.hpp"

#include "core/gateway/gateway_core.hpp"

namespace llmhost::gateway::anthropic_face {
namespace {

// Anthropic's SDKs send anthropic-version on every request; x-api-key is its key header.
bool anthropic_flavoured(const HttpExchange& exchange) {
    return !exchange.header("anthropic-version").empty() || !exchange.header("x-api-key").empty();
}

// Requests Claude Code makes beside its chats — a reachability probe (HEAD /, /api/hello) and
// its telemetry batches — answered quietly with an empty success: nothing to serve, nothing
// worth an error line per request.
bool side_request(std::string_view path) {
    return path == "/" || path == "/api/hello" || path.starts_with("/api/event_logging/");
}

// Claude Code names its session in a header of its own.
FaceChatRequest with_session(const HttpExchange& exchange, FaceChatRequest request) {
    if (const auto session = exchange.header("x-claude-code-session-id"); !session.empty())
        request.session = std::string(session);
    return request;
}

class AnthropicFace final : public Face {
  public:
    std::string_view name() const override { return "anthropic"; }

    std::optional<RouteMatch> route(std::string_view, const HttpExchange& exchange) const override {
        const std::string_view path = exchange.path();
        if (path == "/v1/messages") return RouteMatch::to(Endpoint::chat, "POST");
        if (path == "/v1/messages/count_tokens") return RouteMatch::to(Endpoint::count_tokens, "POST");
        if (path == "/v1/models" && anthropic_flavoured(exchange)) return RouteMatch::to(Endpoint::models, "GET");
        if (side_request(path)) return RouteMatch::to(Endpoint::own, "");
        return std::nullopt;
    }

    bool claims(const HttpExchange& exchange) const override {
        return exchange.path().starts_with("/v1/messages") || anthropic_flavoured(exchange);
    }

    FaceChatRequest parse_chat(HttpExchange& exchange, const RouteMatch& match) const override {
        return with_session(exchange, parse_messages_request(exchange.body(), match.endpoint == Endpoint::count_tokens,
                                                             exchange.header("anthropic-beta")));
    }

    std::optional<FaceChatRequest> parse_chat_routing(HttpExchange& exchange, const RouteMatch&) const override {
        auto request = parse_messages_routing(exchange.body(), exchange.header("anthropic-beta"));
        if (!request) return std::nullopt;
        return with_session(exchange, std::move(*request));
    }

    std::string new_response_id() const override { return new_message_id(); }

    std::string render_response(const FaceChatRequest&, const ChatResponse& response,
                                const ResponseIdentity& identity) const override {
        return render_message(response, identity);
    }

    std::unique_ptr<ChatStreamEncoder> stream_encoder(const FaceChatRequest&,
                                                      ResponseIdentity identity) const override {
        return make_stream_encoder(std::move(identity));
    }

    std::string render_error(const GatewayError& error) const override { return anthropic_face::render_error(error); }

    std::string render_models(const std::vector<ListedModel>& models) const override {
        return anthropic_face::render_models(models);
    }

    void serve_own(GatewayCore& core, std::shared_ptr<HttpExchange> exchange, const RouteMatch&) const override {
        AccessRecord record;
        record.face = "side";
        record.quiet = true;
        finish_request(core, *exchange, record, 200);
        exchange->respond(200, "application/json", "{}");
    }
};

} // namespace

std::unique_ptr<Face> make_face() { return std::make_unique<AnthropicFace>(); }

} // namespace llmhost::gateway::anthropic_face
