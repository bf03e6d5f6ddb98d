// Canonical ChatResponse -> a whole Responses object.
#include "core/gateway/faces/openai_responses/output.hpp"
#include "core/gateway/faces/openai_responses/responses_face.hpp"
#include "core/gateway/faces/response_id.hpp"

namespace llmhost::gateway::responses_face {

std::string render_response(const ResponsesRequest& request, const ChatResponse& response,
                            const ResponseIdentity& identity, ResponseStore* store) {
    std::vector<OutputItem> output;
    const auto add = [&](OutputItem::Kind kind, const std::string& text, const ReasoningState& state) {
        OutputItem item;
        item.kind = kind;
        item.id = new_item_id(kind);
        item.text = text;
        item.state = state;
        output.push_back(std::move(item));
    };
    for (const auto& block : response.reasoning_blocks)
        add(OutputItem::Kind::reasoning, block.text, block.state);
    if (response.reasoning_blocks.empty() && !response.reasoning.empty()) // gathered without its blocks
        add(OutputItem::Kind::reasoning, response.reasoning, {});
    if (!response.text.empty()) add(OutputItem::Kind::message, response.text, {});
    for (const auto& call : response.tool_calls)
        output.push_back(tool_call_item(request, call.id, call.name, call.arguments));
    ResponseIdentity named = identity;
    if (!response.model.empty()) named.model = response.model;
    std::string json = response_json(request, named, output, &response.usage, outcome_of(response.finish_reason));
    if (store && request.store) {
        auto history = std::make_shared<std::vector<Message>>(*request.conversation);
        history->push_back(assistant_turn(output));
        store->put(identity.id, {json, std::move(history), output});
    }
    return json;
}

std::string new_response_id() { return random_id("resp_", 32); }

} // namespace llmhost::gateway::responses_face
