// The OpenAI Chat Completions face: its routes, and the codec functions of this folder behind
// the Face interface.
#include "core/gateway/faces/openai_chat/openai_chat_face.hpp"

namespace llmhost::gateway::openai_face {
namespace {

class OpenAIChatFace final : public Face {
  public:
    std::string_view name() const override { return "openai"; }

    std::optional<RouteMatch> route(std::string_view, const HttpExchange& exchange) const override {
        const std::string_view path = exchange.path();
        if (path == "/v1/chat/completions") return RouteMatch::to(Endpoint::chat, "POST");
        if (path == "/v1/embeddings") return RouteMatch::to(Endpoint::embeddings, "POST");
        if (path == "/v1/models") return RouteMatch::to(Endpoint::models, "GET");
        return std::nullopt;
    }

    bool claims(const HttpExchange&) const override { return true; }

    FaceChatRequest parse_chat(HttpExchange& exchange, const RouteMatch&) const override {
        return parse_chat_request(exchange.body(), exchange.header("openai-beta"));
    }

    std::optional<FaceChatRequest> parse_chat_routing(HttpExchange& exchange, const RouteMatch&) const override {
        return openai_face::parse_chat_routing(exchange.body(), exchange.header("openai-beta"));
    }

    std::string new_response_id() const override { return new_completion_id(); }

    std::string render_response(const FaceChatRequest&, const ChatResponse& response,
                                const ResponseIdentity& identity) const override {
        return render_chat_completion(response, identity);
    }

    std::unique_ptr<ChatStreamEncoder> stream_encoder(const FaceChatRequest& request,
                                                      ResponseIdentity identity) const override {
        return make_stream_encoder(std::move(identity), request.include_usage);
    }

    std::string render_error(const GatewayError& error) const override { return openai_face::render_error(error); }

    std::string render_models(const std::vector<ListedModel>& models) const override {
        return openai_face::render_models(models);
    }
};

} // namespace

std::unique_ptr<Face> make_face() { return std::make_unique<OpenAIChatFace>(); }

} // namespace llmhost::gateway::openai_face
