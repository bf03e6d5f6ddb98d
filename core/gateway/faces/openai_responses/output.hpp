// The items of a response's `output` and the response object around them, shared by the whole
// response, the stream's events and the store.
#pragma once

#include "core/gateway/faces/face.hpp"
#include "core/gateway/faces/openai_responses/responses_request.hpp"

#include <llmhost/chat.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace llmhost::gateway::responses_face {

struct OutputItem {
    enum class Kind { reasoning, message, function_call, custom_tool_call };
    Kind kind = Kind::message;
    std::string id;
    std::string text;      // message text, reasoning summary, or a custom tool call's input
    std::string call_id;   // tool calls
    std::string name;      // tool calls: the client's name for the tool
    std::string space;     // function calls of a namespace tool: the namespace
    std::string arguments; // function calls: JSON text
    ReasoningState state;  // reasoning: what must go back with it (encrypted_content)
};

// A provider's tool call as the item the client offered that tool as: a custom_tool_call for
// a freeform tool (its input taken out of the canonical {"input": ...}), a function_call with
// its namespace for a namespaced function, else a function_call.
OutputItem tool_call_item(const ResponsesRequest& request, std::string call_id, std::string_view name,
                          std::string arguments);

// A freeform tool's input as the canonical arguments its function stand-in takes.
std::string custom_tool_arguments(std::string_view input);

// The text a freeform tool's call carries: the `input` of the arguments the provider produced,
// or the arguments themselves when they are not that object.
std::string custom_tool_input(const std::string& arguments);

// Where the response stands, for its `status` and what goes with it.
struct Outcome {
    std::string_view status = "completed"; // in_progress | completed | incomplete | failed
    std::string_view incomplete_reason;    // incomplete: max_output_tokens | content_filter
    const GatewayError* error = nullptr;   // failed
};

// `finish` as an outcome (length and content filters leave a response incomplete).
Outcome outcome_of(llmh_finish_reason finish);

// `request` decides whether reasoning items carry their encrypted_content.
void append_item_json(std::string& out, const ResponsesRequest& request, const OutputItem& item,
                      std::string_view status);

// The whole response object.
std::string response_json(const ResponsesRequest& request, const ResponseIdentity& identity,
                          const std::vector<OutputItem>& output, const Usage* usage, const Outcome& outcome);

// The error code Responses clients branch on (Codex: context_length_exceeded,
// insufficient_quota, rate_limit_exceeded; server_error and invalid_prompt otherwise).
std::string_view failure_code(const GatewayError& error);

// The output as the assistant turn a next request (previous_response_id) continues from.
Message assistant_turn(const std::vector<OutputItem>& output);

std::string new_item_id(OutputItem::Kind kind);

} // namespace llmhost::gateway::responses_face
