// The SDK's OpenAI-compatible client as Docker Model Runner needs it: the wire format is
// OpenAI's (the engine is llama.cpp or vLLM, docs/protocols/dmr.md); the one difference kept from
// cagent is that a tool without a description gets "Function <name>", because the engines'
// chat templates render the description and cagent found empty ones refused.
#pragma once

#include <llmhost/protocol/openai/client.hpp>

namespace llmhost::dmr_plugin {

// OpenAI's client with tool descriptions filled in (OpenAIWireOptions::name_undescribed_tools).
// Everything else — request-2 fields, a Chat Completions client's own fields and OpenAI-Beta
// (through `betas`), reasoning_content back to this provider — is the shared writer's.
OpenAIWireOptions dmr_wire_options(BetaFilter betas = {});

} // namespace llmhost::dmr_plugin
