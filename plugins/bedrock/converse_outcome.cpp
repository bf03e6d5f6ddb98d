#include "converse_outcome.hpp"

#include <llmhost/error.hpp>
#include <llmhost/support/json_read.hpp>

#include <algorithm>
#include <cstdint>
#include <string>

namespace llmhost::bedrock {

llmh_finish_reason converse_finish_reason(std::string_view provider_id, std::string_view stop_reason,
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

Usage converse_usage(const boost::json::object& usage) {
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
