// What the two chat faces (OpenAI Chat Completions, Anthropic Messages) have in common: the
// request they parse into the canonical model, and the encoder that turns canonical events
// back into their wire stream.
#pragma once

#include "core/gateway/gateway_error.hpp"

#include <llmhost/chat.hpp>
#include <llmhost/provider_abi.h>

#include <cstdint>
#include <string>

namespace llmhost::gateway {

struct FaceChatRequest {
    ChatRequest chat; // canonical; chat.model holds the client's selector as sent
    bool stream = false;
    bool include_usage = false; // OpenAI stream_options.include_usage
};

// What a response says about itself. Upstream values (from message_start) win over these.
struct ResponseIdentity {
    std::string id;      // generated in the face's style, used when the upstream gives none
    std::string model;   // the model the attempt asked for
    int64_t created = 0; // Unix seconds
};

// Canonical events -> one face's wire frames (SSE). Frames are appended to `out`; events
// that only carry state (message_start, usage) append nothing until content flows, so
// nothing reaches the client before the first content event commits the response.
class ChatStreamEncoder {
  public:
    virtual ~ChatStreamEncoder() = default;
    virtual void event(const llmh_event& e, std::string& out) = 0;
    // The provider finished: the closing frames (usage, stop, terminator).
    virtual void finish(std::string& out) = 0;
    // The stream failed after it had started: the face's error event and terminator.
    virtual void fail(const GatewayError& error, std::string& out) = 0;
    // Content events written so far (for metrics).
    virtual uint64_t deltas() const = 0;
    virtual int64_t output_tokens() const = 0;
};

// True for events that put something in front of the client (text, reasoning, tool calls,
// finish): the first one commits the response, after which failures are not retried.
inline bool is_content_event(const llmh_event& e) {
    if (e.type == LLMH_EVENT_TEXT_DELTA || e.type == LLMH_EVENT_REASONING_DELTA) return e.text.size > 0;
    return e.type != LLMH_EVENT_MESSAGE_START && e.type != LLMH_EVENT_USAGE;
}

} // namespace llmhost::gateway
