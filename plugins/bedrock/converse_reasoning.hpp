// Converse reasoningContent and the canonical reasoning state (origin "bedrock"). Claude on
// Converse signs its reasoning, or hands it out encrypted, and refuses a tool turn whose
// reasoning does not come back unchanged:
//
//   {"reasoningContent":{"reasoningText":{"text","signature"}}}  <-> Reasoning{text, {bedrock, signature}}
//   {"reasoningContent":{"redactedContent":"<base64>"}}          <-> Reasoning{"", {bedrock, data}}
//
// Only signed or redacted state of this origin is sent back, leading its assistant message;
// any other origin's would be refused, and reasoning without state is of no use to the model.
#pragma once

#include <llmhost/chat.hpp>

#include <boost/json.hpp>

#include <string>

namespace llmhost::bedrock {

ReasoningState bedrock_reasoning_state(std::string signature, std::string redacted);

void append_reasoning_blocks(const Message& m, boost::json::array& blocks);

} // namespace llmhost::bedrock
