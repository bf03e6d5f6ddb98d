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

#include "bedrock_errors.hpp"
#include "converse_outcome.hpp"
#include "converse_reasoning.hpp"
#include "event_stream_decoder.hpp"

#include <llmhost/error.hpp>
#include <llmhost/error_text.hpp>
#include <llmhost/json_read.hpp>
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
    void feed(std::string_view bytes) {
        frames_.feed(bytes, [this](EventStreamMessage&& m) { handle(m); });
    }

    // The body ended: emits the finish event, or throws MALFORMED_RESPONSE when the stream
    // stopped before messageStop. `why` (e.g. a transport error) is added to the message.
    void finish(std::string_view why = {}) {
        if (!stop_reason_) {
            std::string message = provider_id_ + ": the event stream ended before messageStop (the response is "
                                                 "incomplete";
            if (frames_.has_partial_message()) message += "; it stops inside a frame";
            message += why.empty() ? ")" : "; " + std::string(why) + ")";
            throw Error(LLMH_ERR_MALFORMED_RESPONSE, message);
        }
        sink_.finish(converse_finish_reason(provider_id_, *stop_reason_, next_tool_index_ > 0));
    }

  private:
    struct ToolBlock {
        int index = 0;
        bool input_sent = false;
    };

    [[noreturn]] void malformed(const std::string& why) const {
        throw Error(LLMH_ERR_MALFORMED_RESPONSE, provider_id_ + ": " + why);
    }

    boost::json::object payload_object(const EventStreamMessage& m, std::string_view event) const {
        auto json = json_read::parse(m.payload);
        if (!json || !json->is_object())
            malformed("the payload of a " + std::string(event) +
                      " event is not a JSON object: " + error_text::snippet(m.payload));
        return std::move(json->get_object());
    }

    void handle(const EventStreamMessage& m) {
        const std::string_view type = m.string_header(":message-type");
        if (type == "exception") {
            const std::string_view name = m.string_header(":exception-type");
            throw bedrock_stream_error(provider_id_, name, bedrock_error_message(m.payload));
        }
        if (type == "error")
            throw bedrock_stream_error(provider_id_, m.string_header(":error-code"), m.string_header(":error-message"));
        if (type != "event" && !type.empty()) return; // a kind of message not known here
        const std::string_view event = m.string_header(":event-type");
        if (event == "messageStart")
            on_message_start();
        else if (event == "contentBlockStart")
            on_block_start(payload_object(m, event));
        else if (event == "contentBlockDelta")
            on_block_delta(payload_object(m, event));
        else if (event == "contentBlockStop")
            on_block_stop(payload_object(m, event));
        else if (event == "messageStop")
            on_message_stop(payload_object(m, event));
        else if (event == "metadata")
            on_metadata(payload_object(m, event));
    }

    void on_message_start() {
        if (started_) return;
        started_ = true;
        sink_.message_start({}, model_);
    }

    static int64_t block_index(const boost::json::object& o) {
        return json_read::integer_member(o, "contentBlockIndex").value_or(0);
    }

    void on_block_start(const boost::json::object& o) {
        using namespace json_read;
        const auto* start = object_member(o, "start");
        const auto* tool = start ? object_member(*start, "toolUse") : nullptr;
        if (!tool) return; // text and other blocks need no start
        ToolBlock block{next_tool_index_++, false};
        tools_[block_index(o)] = block;
        sink_.tool_call_start(block.index, string_member(*tool, "toolUseId"), string_member(*tool, "name"));
    }

    void on_block_delta(const boost::json::object& o) {
        using namespace json_read;
        const auto* delta = object_member(o, "delta");
        if (!delta) return;
        if (const auto* text = member(*delta, "text"); text && text->is_string()) {
            sink_.text(text->get_string());
        } else if (const auto* tool = object_member(*delta, "toolUse")) {
            auto it = tools_.find(block_index(o));
            if (it == tools_.end()) malformed("toolUse input arrived for a block that never started as a tool call");
            const std::string_view fragment = string_member(*tool, "input");
            if (fragment.empty()) return;
            it->second.input_sent = true;
            sink_.tool_call_delta(it->second.index, fragment);
        } else if (const auto* reasoning = object_member(*delta, "reasoningContent")) {
            sink_.reasoning(string_member(*reasoning, "text"));
            const auto signature = string_member(*reasoning, "signature");
            const auto redacted = string_member(*reasoning, "redactedContent");
            if (signature.empty() && redacted.empty()) return;
            auto& state = reasoning_[block_index(o)];
            state.signature += signature;
            state.data += redacted;
        }
    }

    void on_block_stop(const boost::json::object& o) {
        const int64_t index = block_index(o);
        if (auto r = reasoning_.find(index); r != reasoning_.end()) {
            sink_.reasoning_state(-1,
                                  bedrock_reasoning_state(std::move(r->second.signature), std::move(r->second.data)));
            reasoning_.erase(r);
        }
        auto it = tools_.find(index);
        if (it == tools_.end()) return;
        if (!it->second.input_sent) sink_.tool_call_delta(it->second.index, "{}"); // a call without arguments
        tools_.erase(it);
    }

    void on_message_stop(const boost::json::object& o) {
        // A reasoning block the stream never closed still ends here, its state with it.
        for (auto& [index, state] : reasoning_)
            sink_.reasoning_state(-1, bedrock_reasoning_state(std::move(state.signature), std::move(state.data)));
        reasoning_.clear();
        stop_reason_ = std::string(json_read::string_member(o, "stopReason"));
        // Throws now for model_context_window_exceeded rather than after the usage.
        converse_finish_reason(provider_id_, *stop_reason_, next_tool_index_ > 0);
    }

    void on_metadata(const boost::json::object& o) {
        if (const auto* usage = json_read::object_member(o, "usage")) sink_.usage(converse_usage(*usage));
    }

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
