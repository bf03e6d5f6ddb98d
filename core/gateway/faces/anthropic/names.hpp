// Canonical values as the Anthropic face spells them; shared by the whole-message and the
// stream encoders.
#pragma once

#include "core/gateway/faces/reasoning_token.hpp"

#include <llmhost/chat.hpp>

#include <boost/json/object.hpp>

#include <string_view>

namespace llmhost::gateway::anthropic_face {

inline std::string_view stop_reason_name(llmh_finish_reason reason, bool has_tool_calls) {
    switch (reason) {
    case LLMH_FINISH_LENGTH: return "max_tokens";
    case LLMH_FINISH_TOOL_CALLS: return "tool_use";
    case LLMH_FINISH_CONTENT_FILTER: return "refusal";
    case LLMH_FINISH_STOP: return "end_turn";
    default: return has_tool_calls ? "tool_use" : "end_turn";
    }
}

// Anthropic's encrypted reasoning goes out as a redacted_thinking block; everything else as
// a thinking block whose signature field carries the state (signature_field).
inline bool is_redacted(const ReasoningState& state) {
    return state.origin == reasoning_origin::anthropic && !state.data.empty();
}

// Anthropic's own signature as is; another provider's state as a token (reasoning_token.hpp).
inline std::string signature_field(const ReasoningState& state) {
    return reasoning_field(state, reasoning_origin::anthropic, [](const ReasoningState& s) { return s.signature; });
}

// {"input_tokens","output_tokens"} (+ cache_creation_input_tokens, cache_read_input_tokens when
// known).
boost::json::object usage_json(const Usage& usage);

} // namespace llmhost::gateway::anthropic_face
