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

inline ReasoningState bedrock_reasoning_state(std::string signature, std::string redacted) {
    return {std::string(reasoning_origin::bedrock), std::move(signature), std::move(redacted), {}};
}

inline void append_reasoning_blocks(const Message& m, boost::json::array& blocks) {
    for (const auto& r : m.reasoning) {
        if (r.state.origin != reasoning_origin::bedrock || (r.state.signature.empty() && r.state.data.empty()))
            continue;
        if (!r.state.data.empty()) {
            blocks.push_back(boost::json::object{{"reasoningContent", {{"redactedContent", r.state.data}}}});
            continue;
        }
        blocks.push_back(boost::json::object{
            {"reasoningContent", {{"reasoningText", {{"text", r.text}, {"signature", r.state.signature}}}}}});
    }
}

} // namespace llmhost::bedrock
