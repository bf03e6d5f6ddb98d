// Canonical values as the Gemini face spells them, and the pieces of a GenerateContentResponse
// that the whole response and the stream frames share, written as JSON text.
#pragma once

#include <llmhost/chat.hpp>

#include <string>
#include <string_view>

namespace llmhost::gateway::gemini_face {

// Gemini has no tool-call finish reason: a turn that calls functions ends with STOP.
inline std::string_view finish_reason_name(llmh_finish_reason reason) {
    switch (reason) {
    case LLMH_FINISH_LENGTH: return "MAX_TOKENS";
    case LLMH_FINISH_CONTENT_FILTER: return "SAFETY";
    case LLMH_FINISH_ERROR: return "OTHER";
    default: return "STOP";
    }
}

// {"candidates":[{"content":{"role":"model","parts":[ — the parts follow.
inline constexpr std::string_view candidate_head = R"({"candidates":[{"content":{"role":"model","parts":[)";

// Closes the parts and the candidate; the finish reason is left out when empty.
void append_candidate_tail(std::string& out, std::string_view finish_reason);

// {"text":...} or, for reasoning, {"text":...,"thought":true}; with the thoughtSignature that
// `state` gives (when not null).
void append_text_part(std::string& out, std::string_view text, bool thought, const ReasoningState* state = nullptr);

// ,"thoughtSignature":... — Gemini's own signature as is, another provider's state as a token
// (reasoning_token.hpp); nothing for no state.
void append_signature(std::string& out, const ReasoningState* state);

// {"functionCall":{"name","args","id"},"thoughtSignature"}: args parsed from the call's JSON
// text ({} when it is not an object: a model's malformed output), id left out when the call
// has none, the signature when the call carries state.
void append_function_call_part(std::string& out, const ToolCall& call);

// {"promptTokenCount","candidatesTokenCount","totalTokenCount"} plus cachedContentTokenCount and
// thoughtsTokenCount when known. Canonical output counts reasoning, Gemini's candidates do not.
void append_usage_metadata(std::string& out, const Usage& usage);

// ,"modelVersion":..,"responseId":..} — closes the response object.
void append_response_tail(std::string& out, std::string_view model, std::string_view id);

} // namespace llmhost::gateway::gemini_face
