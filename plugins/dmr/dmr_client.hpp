// The SDK's OpenAI-compatible client as Docker Model Runner needs it: the wire format is
// OpenAI's (the engine is llama.cpp or vLLM, PROTOCOLS.md §6); the one difference kept from
// cagent is that a tool without a description gets "Function <name>", because the engines'
// chat templates render the description and cagent found empty ones refused.
#pragma once

#include <llmhost/openai_client.hpp>

namespace llmhost::dmr_plugin {

// OpenAI's client with tool descriptions filled in (OpenAIWireOptions::name_undescribed_tools).
inline OpenAIWireOptions dmr_wire_options() {
    OpenAIWireOptions wire;
    wire.name_undescribed_tools = true;
    return wire;
}

} // namespace llmhost::dmr_plugin
