// The Gemini face (docs/protocols/gemini.md): generateContent / streamGenerateContent / countTokens
// requests in, GenerateContentResponse objects or their stream out, the model list, and
// Google's error shape {"error":{"code","message","status"}}. The model is named by the path
// (/v1beta/models/{model}:generateContent), and so is streaming.
#pragma once

#include "core/gateway/faces/face.hpp"
#include "core/gateway/gateway_error.hpp"
#include "core/gateway/model_listing.hpp"

#include <llmhost/chat.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace llmhost::gateway::gemini_face {

std::unique_ptr<Face> make_face();

// How the client asked to be answered: kept in FaceChatRequest::state for the renderers.
struct ReplyShape {
    bool include_thoughts = false; // thinkingConfig.includeThoughts: reasoning goes out as thought parts
    bool sse = true;               // ?alt=sse; without it Google streams one JSON array
};

// The request's shape (a default one when the request has none).
const ReplyShape& reply_shape(const FaceChatRequest& request);

// A generateContent (or countTokens) body -> the canonical request; `model` and `stream` come
// from the path. Throws GatewayException (400) naming the offending field, e.g.
// "contents[1].parts[0].functionResponse". Thought parts in the history are dropped (the
// canonical model cannot carry them back), thought signatures ignored, Google's own tools
// (googleSearch, codeExecution...) left out and named in X-Llmhost-Tools-Left-Out.
FaceChatRequest parse_generate_content(std::string_view body, std::string model, bool stream);

// A whole GenerateContentResponse: one candidate with thought, text and functionCall parts.
std::string render_generate_response(const ChatResponse& response, const ResponseIdentity& identity,
                                     const ReplyShape& shape);

std::unique_ptr<ChatStreamEncoder> make_stream_encoder(ResponseIdentity identity, ReplyShape shape);

std::string render_error(const GatewayError& error);

// {"models":[{"name":"models/provider/model","baseModelId","displayName","supportedGenerationMethods"}]}
std::string render_models(const std::vector<ListedModel>& models);

// countTokens' answer: {"totalTokens":N}.
std::string render_token_count(int64_t input_tokens);

std::string new_response_id();

} // namespace llmhost::gateway::gemini_face
