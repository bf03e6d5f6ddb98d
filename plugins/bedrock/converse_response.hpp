// A non-streaming Converse response (docs/protocols/bedrock.md, "Converse response") replayed as the
// same canonical events a stream gives: message_start, text / reasoning (with its state) /
// tool calls in content order, usage, finish.
#pragma once

#include <llmhost/provider.hpp>

#include <boost/json.hpp>

#include <string_view>

namespace llmhost::bedrock {

// One whole reasoningContent block: its text, then the state that ends it (the signature,
// or the redacted reasoning in its place).
void emit_reasoning_content(const boost::json::object& reasoning, EventSink& sink);

void emit_converse_response(std::string_view provider_id, std::string_view model, std::string_view body,
                            EventSink& sink);

} // namespace llmhost::bedrock
