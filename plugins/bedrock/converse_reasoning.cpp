#include "converse_reasoning.hpp"

#include <utility>

namespace llmhost::bedrock {

ReasoningState bedrock_reasoning_state(std::string signature, std::string redacted) {
    return {std::string(reasoning_origin::bedrock), std::move(signature), std::move(redacted), {}};
}

void append_reasoning_blocks(const Message& m, boost::json::array& blocks) {
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
