// The OpenAI-compatible face (docs/protocols/openai-chat.md): Chat Completions requests in, completions or
// chat.completion.chunk streams out, plus embeddings, the model list and the error shape
// {"error":{"message","type","param","code"}}.
#pragma once

#include "core/gateway/faces/face.hpp"
#include "core/gateway/gateway_error.hpp"
#include "core/gateway/model_listing.hpp"

#include <llmhost/chat.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmhost::gateway::openai_face {

std::unique_ptr<Face> make_face();

// POST /v1/chat/completions body (and the client's OpenAI-Beta header) -> canonical request.
// Throws GatewayException (400) naming the offending field.
FaceChatRequest parse_chat_request(std::string_view body, std::string_view openai_beta = {});

// The same request as far as routing needs it, when the body may go on as it came (see
// Face::parse_chat_routing): nullopt when it holds images or gateway reasoning tokens, or its
// top level needs the whole read to name what is wrong.
std::optional<FaceChatRequest> parse_chat_routing(std::string_view body, std::string_view openai_beta = {});

// A whole chat.completion object.
std::string render_chat_completion(const ChatResponse& response, const ResponseIdentity& identity);

std::unique_ptr<ChatStreamEncoder> make_stream_encoder(ResponseIdentity identity, bool include_usage);

std::string render_error(const GatewayError& error);

// The error as a stream event, then [DONE].
std::string render_stream_error(const GatewayError& error);

struct EmbeddingsRequest {
    EmbedRequest request; // request.model holds the client's selector
    bool base64 = false;  // encoding_format "base64": little-endian float32, base64-encoded
};

EmbeddingsRequest parse_embeddings_request(std::string_view body);

// The plugin's {"model","data":[{"index","embedding"}],"usage":{"input_tokens"}} as
// OpenAI's {"object":"list","data":[{"object":"embedding",...}],"model","usage"}.
std::string render_embeddings(std::string_view plugin_result, std::string_view model, bool base64);

// {"object":"list","data":[{"id":"provider/model","object":"model","created","owned_by"}]}
std::string render_models(const std::vector<ListedModel>& models);

std::string new_completion_id();

} // namespace llmhost::gateway::openai_face
