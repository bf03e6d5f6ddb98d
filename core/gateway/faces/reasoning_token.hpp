// Reasoning state through a face that has no field for it. A client keeps what a provider of
// its own protocol produced in that protocol's own fields (an Anthropic signature, an OpenAI
// encrypted_content) — raw, so that the provider can check it. State from any other provider
// rides in the same field as one opaque token the client hands back unchanged:
// "llmhost.rs1." + base64 of the state's canonical JSON. Only the gateway reads it.
#pragma once

#include <llmhost/chat.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace llmhost::gateway {

std::string wrap_reasoning_state(const ReasoningState& state);

// The state in a token, or nullopt when `text` is not one (a provider's own value).
std::optional<ReasoningState> unwrap_reasoning_state(std::string_view text);

// What a face puts in its one field for `state`: the raw value when the state came from
// `native` (its own provider family; `raw` picks which of its values), else a token.
template <class Raw> std::string reasoning_field(const ReasoningState& state, std::string_view native, Raw raw) {
    if (state.origin == native) return std::string(raw(state));
    return state.empty() ? std::string() : wrap_reasoning_state(state);
}

// Whether a client's body carries a token: then only the gateway can read all of it, and it
// must not go to a provider as it came (FaceChatRequest::wire_protocol).
bool carries_wrapped_state(std::string_view body);

// A face's field read back: a token's state, else the raw value as `native` state made by `make`.
template <class Make> ReasoningState reasoning_from_field(std::string_view text, Make make) {
    if (auto wrapped = unwrap_reasoning_state(text)) return std::move(*wrapped);
    return make(text);
}

} // namespace llmhost::gateway
