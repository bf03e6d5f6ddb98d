// The Responses face behind the Face interface: its routes, the store it keeps, and OpenAI's
// error and model-list shapes (shared with the Chat Completions face).
#include "core/gateway/faces/openai_responses/responses_face.hpp"

#include "core/gateway/faces/openai_chat/openai_chat_face.hpp"
#include "core/gateway/gateway_core.hpp"

namespace llmhost::gateway::responses_face {
namespace {

constexpr std::string_view collection = "/v1/responses";

class ResponsesFace final : public Face {
  public:
    explicit ResponsesFace(const GatewaySettings& settings)
        : store_(settings.responses_store_entries, settings.responses_store_ttl) {}

    std::string_view name() const override { return "responses"; }

    std::optional<RouteMatch> route(std::string_view, const HttpExchange& exchange) const override {
        const std::string_view path = exchange.path();
        if (path == collection) return RouteMatch::to(Endpoint::chat, "POST");
        if (path == "/v1/responses/input_tokens") return RouteMatch::to(Endpoint::count_tokens, "POST");
        if (path.starts_with("/v1/responses/") && path.find('/', collection.size() + 1) == std::string_view::npos)
            return RouteMatch::to(Endpoint::own, "GET");
        return std::nullopt;
    }

    bool claims(const HttpExchange& exchange) const override { return exchange.path().starts_with(collection); }

    FaceChatRequest parse_chat(HttpExchange& exchange, const RouteMatch&) const override {
        return parse_responses_request(exchange.body(), store_, exchange.header("openai-beta"));
    }

    std::string new_response_id() const override { return responses_face::new_response_id(); }

    std::string render_response(const FaceChatRequest& request, const ChatResponse& response,
                                const ResponseIdentity& identity) const override {
        return responses_face::render_response(state(request), response, identity, &store_);
    }

    std::unique_ptr<ChatStreamEncoder> stream_encoder(const FaceChatRequest& request,
                                                      ResponseIdentity identity) const override {
        return make_stream_encoder(std::static_pointer_cast<const ResponsesRequest>(request.state), std::move(identity),
                                   &store_);
    }

    std::string render_error(const GatewayError& error) const override { return openai_face::render_error(error); }

    std::string render_models(const std::vector<ListedModel>& models) const override {
        return openai_face::render_models(models);
    }

    // GET /v1/responses/{id}: a stored response.
    void serve_own(GatewayCore& core, std::shared_ptr<HttpExchange> exchange, const RouteMatch&) const override {
        AccessRecord record;
        record.face = name();
        const std::string_view id = exchange->path().substr(collection.size() + 1);
        const auto stored = store_.find(id);
        if (!stored)
            return respond_error(
                core, *exchange, *this,
                {ErrorKind::not_found,
                 "no stored response '" + std::string(id) + "' (unknown, expired, or created with store: false)", "id",
                 "not_found", -1},
                record);
        finish_request(core, *exchange, record, 200);
        exchange->respond(200, "application/json", stored->json);
    }

  private:
    static const ResponsesRequest& state(const FaceChatRequest& request) {
        return *std::static_pointer_cast<const ResponsesRequest>(request.state);
    }

    mutable ResponseStore store_; // thread-safe
};

} // namespace

std::unique_ptr<Face> make_face(const GatewaySettings& settings) { return std::make_unique<ResponsesFace>(settings); }

} // namespace llmhost::gateway::responses_face
