// What Converse and ConverseStream both report at the end of a turn: the stop reason and the
// usage (docs/protocols/bedrock.md, "Converse response"), in canonical terms.
#pragma once

#include <llmhost/chat.hpp>

#include <boost/json.hpp>

#include <string_view>

namespace llmhost::bedrock {

// The finish reason for a stopReason. model_context_window_exceeded is not a finish but a
// failure, thrown as Error(LLMH_ERR_CONTEXT_LENGTH). An absent or unknown reason ends as
// tool_calls when the turn made calls, else stop.
llmh_finish_reason converse_finish_reason(std::string_view provider_id, std::string_view stop_reason,
                                          bool made_tool_calls);

// Canonical usage from a Converse `usage` object. Canonical input counts every input token;
// Bedrock reports cache reads (cached_input_tokens) and writes (cache_write_tokens) apart
// from inputTokens.
Usage converse_usage(const boost::json::object& usage);

} // namespace llmhost::bedrock
