// The Gemini face: its routes (/v1beta/models/{model}:{method}, and the same under /v1/),
// where Google's clients send their key, and the codec functions of this folder behind the
// Face interface.
#include "core/gateway/faces/gemini/gemini_face.hpp"

#include "core/transport/url.hpp"

namespace llmhost::gateway::gemini_face {
namespace {

// Google's SDKs send x-goog-api-key; REST examples put the key in ?key=.
bool gemini_flavoured(const HttpExchange& exchange) {
    return !exchange.header("x-goog-api-key").empty() || query_param(exchange.query(), "key").has_value();
}

// The path below /v1beta/ or /v1/, or nullopt.
std::optional<std::string_view> below_version(std::string_view path) {
    for (const std::string_view version : {"/v1beta/", "/v1/"})
        if (path.starts_with(version)) return path.substr(version.size());
    return std::nullopt;
}

// models/{model}:{method}. The model is everything up to the last ':' and may hold a slash,
// literal or as %2F ("openai/gpt-4o"), or colons of its own ("ollama/llama3:8b").
std::optional<RouteMatch> model_method(std::string_view rest) {
    if (!rest.starts_with("models/")) return std::nullopt;
    rest.remove_prefix(7);
    const size_t colon = rest.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    const std::string_view method = rest.substr(colon + 1);
    RouteMatch match;
    if (method == "generateContent" || method == "streamGenerateContent")
        match = RouteMatch::to(Endpoint::chat, "POST");
    else if (method == "countTokens")
        match = RouteMatch::to(Endpoint::count_tokens, "POST");
    else
        return std::nullopt;
    match.stream = method == "streamGenerateContent";
    match.model = transport::percent_decode(rest.substr(0, colon)); // "" is refused by parse_chat with a 400
    return match;
}

class GeminiFace final : public Face {
  public:
    std::string_view name() const override { return "gemini"; }

    std::optional<RouteMatch> route(std::string_view, const HttpExchange& exchange) const override {
        const std::string_view path = exchange.path();
        const auto rest = below_version(path);
        if (!rest) return std::nullopt;
        // GET /v1/models is OpenAI's too: it is Gemini's only when the key is sent Google's way.
        if (*rest == "models" && (path.starts_with("/v1beta/") || gemini_flavoured(exchange)))
            return RouteMatch::to(Endpoint::models, "GET");
        return model_method(*rest);
    }

    bool claims(const HttpExchange& exchange) const override {
        const std::string_view path = exchange.path();
        return path.starts_with("/v1beta/") || (path.starts_with("/v1/models/") && path.find(':') != path.npos) ||
               gemini_flavoured(exchange);
    }

    std::string client_key(const HttpExchange& exchange) const override {
        if (const auto key = exchange.header("x-goog-api-key"); !key.empty()) return std::string(key);
        if (auto key = query_param(exchange.query(), "key"); key && !key->empty()) return std::move(*key);
        return Face::client_key(exchange);
    }

    FaceChatRequest parse_chat(HttpExchange& exchange, const RouteMatch& match) const override {
        FaceChatRequest request = parse_generate_content(exchange.body(), match.model, match.stream);
        // Google's SDKs stream with ?alt=sse; without it Google answers with one JSON array.
        // parse_generate_content always leaves a ReplyShape.
        static_cast<ReplyShape*>(request.state.get())->sse = query_param(exchange.query(), "alt") == "sse";
        return request;
    }

    std::string new_response_id() const override { return gemini_face::new_response_id(); }

    std::string render_response(const FaceChatRequest& request, const ChatResponse& response,
                                const ResponseIdentity& identity) const override {
        return render_generate_response(response, identity, reply_shape(request));
    }

    std::unique_ptr<ChatStreamEncoder> stream_encoder(const FaceChatRequest& request,
                                                      ResponseIdentity identity) const override {
        return make_stream_encoder(std::move(identity), reply_shape(request));
    }

    std::string_view stream_content_type(const FaceChatRequest& request) const override {
        return reply_shape(request).sse ? "text/event-stream" : "application/json";
    }

    std::string render_error(const GatewayError& error) const override { return gemini_face::render_error(error); }

    std::string render_models(const std::vector<ListedModel>& models) const override {
        return gemini_face::render_models(models);
    }

    std::string render_token_count(int64_t input_tokens) const override {
        return gemini_face::render_token_count(input_tokens);
    }
};

} // namespace

std::unique_ptr<Face> make_face() { return std::make_unique<GeminiFace>(); }

} // namespace llmhost::gateway::gemini_face
