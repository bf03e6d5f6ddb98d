// Canonical values as the OpenAI face spells them; shared by the whole-response and the
// stream encoders so both say the same thing.
#pragma once

#include <llmhost/chat.hpp>

#include <string>
#include <string_view>

namespace llmhost::gateway::openai_face {

// OpenAI has no "error" finish reason; an unknown one is "stop", or "tool_calls" when the
// reply holds tool calls.
inline std::string_view finish_reason_name(llmh_finish_reason reason, bool has_tool_calls) {
    switch (reason) {
    case LLMH_FINISH_LENGTH: return "length";
    case LLMH_FINISH_TOOL_CALLS: return "tool_calls";
    case LLMH_FINISH_CONTENT_FILTER: return "content_filter";
    case LLMH_FINISH_STOP: return "stop";
    default: return has_tool_calls ? "tool_calls" : "stop";
    }
}

// {"prompt_tokens","completion_tokens","total_tokens"} plus the details that are known, as
// JSON text.
void append_usage_json(std::string& out, const Usage& usage);

// What reasoning_opaque says for `state`: Copilot's own value raw (the field is Copilot's),
// any other provider's state as a token; "" when there is nothing for a client to keep (a
// Copilot block without its opaque value: the one that follows carries it).
std::string reasoning_opaque_field(const ReasoningState& state);

} // namespace llmhost::gateway::openai_face
