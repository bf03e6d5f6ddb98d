// What Converse and ConverseStream both report at the end of a turn: the stop reason and the
// usage (docs/protocols/bedrock.md, "Converse response"), in canonical terms.
#pragma once

#include <llmhost/chat.hpp>
#include <llmhost/error.hpp>
#include <llmhost/json_read.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

namespace llmhost::bedrock {

// The finish reason for a stopReason. model_context_window_exceeded is not a finish but a
// failure, thrown as Error(LLMH_ERR_CONTEXT_LENGTH). An absent or unknown reason ends as
// tool_calls when the turn made calls, else stop.
inline llmh_finish_reason converse_finish_reason(std::string_view provider_id, std::string_view stop_reason,
                                                 bool made_tool_calls) {
    if (stop_reason == "end_turn" || stop_reason == "stop_sequence") return LLMH_FINISH_STOP;
    if (stop_reason == "max_tokens") return LLMH_FINISH_LENGTH;
    if (stop_reason == "tool_use") return LLMH_FINISH_TOOL_CALLS;
    if (stop_reason == "content_filtered" || stop_reason == "guardrail_intervened") return LLMH_FINISH_CONTENT_FILTER;
    if (stop_reason == "malformed_model_output" || stop_reason == "malformed_tool_use") return LLMH_FINISH_ERROR;
    if (stop_reason == "model_context_window_exceeded")
        throw Error(LLMH_ERR_CONTEXT_LENGTH, std::string(provider_id) +
                                                 ": the model's context window was exceeded (stopReason "
                                                 "model_context_window_exceeded)");
    return made_tool_calls ? LLMH_FINISH_TOOL_CALLS : LLMH_FINISH_STOP;
}

// Canonical usage from a Converse `usage` object. Canonical input counts every input token;
// Bedrock reports cache reads (cached_input_tokens) and writes (cache_write_tokens) apart
// from inputTokens.
inline Usage converse_usage(const boost::json::object& usage) {
    using namespace json_read;
    const auto input = integer_member(usage, "inputTokens");
    const auto read = integer_member(usage, "cacheReadInputTokens");
    const auto write = integer_member(usage, "cacheWriteInputTokens");
    Usage u;
    if (input || read || write)
        u.input_tokens = std::max<int64_t>(input.value_or(0), 0) + std::max<int64_t>(read.value_or(0), 0) +
                         std::max<int64_t>(write.value_or(0), 0);
    u.output_tokens = integer_member(usage, "outputTokens").value_or(-1);
    u.cached_input_tokens = read.value_or(-1);
    u.cache_write_tokens = write.value_or(-1);
    return u;
}

} // namespace llmhost::bedrock
