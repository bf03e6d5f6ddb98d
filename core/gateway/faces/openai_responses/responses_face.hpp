// The OpenAI Responses face: POST /v1/responses (whole and streamed), GET /v1/responses/{id}
// for stored responses, POST /v1/responses/input_tokens, in OpenAI's error shape. What Codex
// CLI and the Vercel AI SDK's openai() provider speak.
#pragma once

#include "core/gateway/faces/face.hpp"
#include "core/gateway/faces/openai_responses/response_store.hpp"
#include "core/gateway/faces/openai_responses/responses_request.hpp"
#include "core/gateway/gateway_settings.hpp"

#include <memory>
#include <string_view>

namespace llmhost::gateway::responses_face {

std::unique_ptr<Face> make_face(const GatewaySettings& settings);

// POST /v1/responses body (and the client's OpenAI-Beta header) -> canonical request; `state`
// of the result is a ResponsesRequest. previous_response_id is looked up in `store`. Throws
// GatewayException (400) naming the offending field's path (e.g. "input[3].call_id").
FaceChatRequest parse_responses_request(std::string_view body, ResponseStore& store, std::string_view openai_beta = {});

// A whole response object (kept in `store` when the request allows it; `store` may be null).
std::string render_response(const ResponsesRequest& request, const ChatResponse& response,
                            const ResponseIdentity& identity, ResponseStore* store);

std::unique_ptr<ChatStreamEncoder> make_stream_encoder(std::shared_ptr<const ResponsesRequest> request,
                                                       ResponseIdentity identity, ResponseStore* store);

std::string new_response_id();

} // namespace llmhost::gateway::responses_face
