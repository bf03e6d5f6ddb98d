// What the Responses face keeps of a request between reading it and answering it: the tools
// it must turn back into their own item types, what the response object echoes, and the
// conversation the store keeps for previous_response_id.
#pragma once

#include <llmhost/chat.hpp>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace llmhost::gateway::responses_face {

struct ResponsesRequest {
    // Freeform tools (Codex's apply_patch): offered to providers as functions taking one
    // string, `input`, and answered as custom_tool_call items.
    std::set<std::string, std::less<>> custom_tools;
    // Functions of namespace tools, offered flat: the flat name -> (namespace, name).
    std::map<std::string, std::pair<std::string, std::string>, std::less<>> namespaced;
    bool store = true; // the API's default; Codex sends false
    // include: ["reasoning.encrypted_content"] — reasoning items carry their state (Codex asks:
    // with store false it is the only way reasoning survives to the next turn).
    bool include_encrypted_reasoning = false;
    std::string previous_response_id;
    // Request members the response object repeats, as JSON text, in order.
    std::vector<std::pair<std::string, std::string>> echo;
    // What the model was shown, earlier turns included (kept when the response is stored).
    std::shared_ptr<const std::vector<Message>> conversation;
};

// The flat function name a namespace's function is offered under.
std::string flat_tool_name(std::string_view space, std::string_view name);

} // namespace llmhost::gateway::responses_face
