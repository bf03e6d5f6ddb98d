// The Anthropic-compatible face (docs/protocols/anthropic.md): Messages requests in, message objects or
// the named-event stream out, the model list, and the error shape
// {"type":"error","error":{"type","message"}}.
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

namespace llmhost::gateway::anthropic_face {

std::unique_ptr<Face> make_face();

// POST /v1/messages body -> canonical request. Throws GatewayException (400) naming the
// offending field. tool_result blocks become tool messages (placed before the rest of their
// user turn); system messages stay where they are; server tools are left out (named in an
// X-Llmhost-Tools-Left-Out header); thinking and redacted_thinking blocks become the assistant
// turn's reasoning, with their signatures and data as reasoning state (see reasoning_token.hpp).
// cache_control becomes the breakpoint of what carries it; fields the canonical model has no
// room for, and the client's `anthropic_beta` header, become the wire extension
// (pass_through.hpp). A count_tokens body is a Messages request without max_tokens
// (`for_counting`).
FaceChatRequest parse_messages_request(std::string_view body, bool for_counting = false,
                                       std::string_view anthropic_beta = {});

// The same request as far as routing needs it, when the body may go on as it came (see
// Face::parse_chat_routing): nullopt when it holds images or gateway reasoning tokens, or its
// top level needs the whole read to name what is wrong.
std::optional<FaceChatRequest> parse_messages_routing(std::string_view body, std::string_view anthropic_beta = {});

// A whole message object with content blocks (thinking, text, tool_use), stop_reason, usage.
std::string render_message(const ChatResponse& response, const ResponseIdentity& identity);

std::unique_ptr<ChatStreamEncoder> make_stream_encoder(ResponseIdentity identity);

std::string render_error(const GatewayError& error);

// `event: error` with the same body.
std::string render_stream_error(const GatewayError& error);

// {"data":[{"type":"model","id","display_name","created_at"}],"has_more":false,"first_id","last_id"}
std::string render_models(const std::vector<ListedModel>& models);

std::string new_message_id();

} // namespace llmhost::gateway::anthropic_face
