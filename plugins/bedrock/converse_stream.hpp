// Decodes a ConverseStream body (binary event-stream frames, docs/protocols/bedrock.md) into canonical
// events, fed incrementally with body bytes split anywhere. By `:event-type`:
//
//   messageStart       -> message_start (id: none, Bedrock has no response id; the model)
//   contentBlockStart  -> toolUse: tool_call_start (tool calls are numbered 0, 1, ... in order)
//   contentBlockDelta  -> text; toolUse.input fragments -> tool_call_delta;
//                         reasoningContent.text -> reasoning; its signature and redactedContent
//                         are kept for the block's end
//   contentBlockStop   -> a tool call that got no input fragment gets "{}"; a reasoning block
//                         that had a signature or redacted content -> reasoning_state(-1)
//   messageStop        -> the stop reason (model_context_window_exceeded: a context_length error)
//   metadata           -> usage (it comes after messageStop); finish is emitted by finish()
//
// `:message-type` exception (`:exception-type`) and error (`:error-code`) become typed errors.
// Unknown events and unknown block kinds are ignored; payload fields like the padding "p" too.
#pragma once

#include "event_stream_decoder.hpp"

#include <llmhost/chat.hpp>
#include <llmhost/provider.hpp>

#include <boost/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace llmhost::bedrock {

class ConverseStreamDecoder {
  public:
    ConverseStreamDecoder(std::string provider_id, std::string model, EventSink& sink)
        : provider_id_(std::move(provider_id)), model_(std::move(model)), sink_(sink) {}

    // Feeds body bytes. Throws Error: malformed frames or payloads, or the error the stream
    // reported.
    void feed(std::string_view bytes);

    // The body ended: emits the finish event, or throws MALFORMED_RESPONSE when the stream
    // stopped before messageStop. `why` (e.g. a transport error) is added to the message.
    void finish(std::string_view why = {});

  private:
    struct ToolBlock {
        int index = 0;
        bool input_sent = false;
    };

    [[noreturn]] void malformed(const std::string& why) const;
    boost::json::object payload_object(const EventStreamMessage& m, std::string_view event) const;
    void handle(const EventStreamMessage& m);
    void on_message_start();
    static int64_t block_index(const boost::json::object& o);
    void on_block_start(const boost::json::object& o);
    void on_block_delta(const boost::json::object& o);
    void on_block_stop(const boost::json::object& o);
    void on_message_stop(const boost::json::object& o);
    void on_metadata(const boost::json::object& o);

    std::string provider_id_;
    std::string model_;
    EventSink& sink_;
    EventStreamDecoder frames_{provider_id_ + ": event stream"};
    std::map<int64_t, ToolBlock> tools_;          // by contentBlockIndex, while the block is open
    std::map<int64_t, ReasoningState> reasoning_; // signature / redacted content of open reasoning blocks
    int next_tool_index_ = 0;
    bool started_ = false;
    std::optional<std::string> stop_reason_;
};

} // namespace llmhost::bedrock
