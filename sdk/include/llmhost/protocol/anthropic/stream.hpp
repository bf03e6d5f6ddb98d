// Decodes an Anthropic Messages event stream (docs/protocols/anthropic.md "Stream") into
// canonical events, fed incrementally with body bytes split anywhere.
//
//   message_start        -> message_start (id, model) and usage (input, cache counts)
//   content_block_start  -> text / reasoning already in the block; tool_use -> tool_call_start
//   content_block_delta  -> text_delta, thinking_delta (reasoning), input_json_delta (the
//                           tool call's argument fragments, passed on as they arrive),
//                           signature_delta (kept for the block's end); citations_delta is
//                           dropped
//   content_block_stop   -> a tool call that got no argument fragment gets "{}"; a thinking
//                           block's signature, or a redacted_thinking block's data, becomes
//                           reasoning state the next turn sends back
//   message_delta        -> stop_reason, and usage (output_tokens is cumulative)
//   message_stop         -> the end; finish is emitted by finish()
//   ping                 -> ignored;  error -> a typed Error
// The event name comes from the `event:` line, else from the data's "type" (for compatible
// servers that leave the line out). Unknown events and block types are ignored.
#pragma once

#include <llmhost/error.hpp>
#include <llmhost/protocol/anthropic/errors.hpp>
#include <llmhost/protocol/anthropic/plain_event.hpp>
#include <llmhost/protocol/anthropic/response.hpp>
#include <llmhost/protocol/sse.hpp>
#include <llmhost/provider.hpp>
#include <llmhost/support/error_text.hpp>
#include <llmhost/support/json_read.hpp>

#include <boost/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace llmhost {

class AnthropicStreamDecoder {
  public:
    AnthropicStreamDecoder(std::string provider_id, EventSink& sink)
        : provider_id_(std::move(provider_id)), sink_(sink) {}

    // Feeds body bytes. Throws Error for an error event or data that is not JSON.
    void feed(std::string_view bytes) {
        parser_.feed(bytes, [this](const SseEvent& event) {
            handle(event);
            return true;
        });
    }

    // The body ended: emits the finish event, or throws MALFORMED_RESPONSE when the stream
    // stopped before message_stop. `why` (e.g. a transport error) is added to the message.
    void finish(std::string_view why = {}) {
        if (!done_ && parser_.has_partial_event()) {
            // A last event without its blank line still counts; a half-received one is ignored.
            at_eof_ = true;
            feed("\n\n");
        }
        if (!done_) {
            std::string message = provider_id_ + ": stream ended before message_stop (the response is incomplete";
            message += why.empty() ? ")" : "; " + std::string(why) + ")";
            throw Error(LLMH_ERR_MALFORMED_RESPONSE, message);
        }
        llmh_finish_reason reason = finish_;
        // A compatible server that gave no stop_reason still answered with tool calls.
        if (reason == LLMH_FINISH_NONE) reason = tool_calls_ > 0 ? LLMH_FINISH_TOOL_CALLS : LLMH_FINISH_STOP;
        sink_.finish(reason);
    }

    bool done() const { return done_; }

  private:
    // An open tool_use block.
    struct ToolBlock {
        int tool_index = 0;
        bool arguments_sent = false;
        std::string initial_input; // a tool_use start's non-empty `input`, used when no delta follows
    };

    void handle(const SseEvent& event) {
        if (done_) return; // anything after message_stop is not part of this response
        std::string_view data = event.data;
        while (!data.empty() && (data.back() == ' ' || data.back() == '\n' || data.back() == '\r'))
            data.remove_suffix(1);
        if (data.empty()) return;
        if (read_plain_delta(event.event, data)) return;
        handle_document(event, data);
    }

    // An event read as a document. Out of line: its arena would otherwise be in handle()'s
    // frame and put the common event's one-pass read that much deeper into a stream's stack.
    [[gnu::noinline]] void handle_document(const SseEvent& event, std::string_view data) {
        json_read::ScratchArena arena; // one event, read and dropped
        auto json = json_read::parse(data, arena.storage());
        if (!json || !json->is_object()) {
            if (at_eof_) return; // the tail of a cut-off stream; finish() reports it
            throw Error(LLMH_ERR_MALFORMED_RESPONSE,
                        provider_id_ + ": stream event is not a JSON object: " + error_text::snippet(data));
        }
        const auto& o = json->get_object();
        const std::string_view name = event.event.empty() ? json_read::string_member(o, "type") : event.event;
        if (name == "error") throw anthropic_embedded_error(provider_id_, *json);
        if (name == "message_start")
            on_message_start(o);
        else if (name == "content_block_start")
            on_block_start(o);
        else if (name == "content_block_delta")
            on_block_delta(o);
        else if (name == "content_block_stop")
            on_block_stop(o);
        else if (name == "message_delta")
            on_message_delta(o);
        else if (name == "message_stop")
            on_message_stop();
        // ping and events newer than this code are ignored
    }

    // The common event, a text or thinking delta, read in one pass (AnthropicPlainEvent).
    bool read_plain_delta(std::string_view event_name, std::string_view data) {
        if (!event_name.empty() && event_name != "content_block_delta") return false;
        if (!plain_.read(data)) return false;
        if ((event_name.empty() ? plain_.type : event_name) != "content_block_delta") return false;
        ensure_started();
        emit_text_delta(plain_.delta_type, plain_.text);
        return true;
    }

    // A text or thinking delta's text, from either reading; false for the other delta kinds.
    bool emit_text_delta(std::string_view type, std::string_view text) {
        if (type == "text_delta")
            sink_.text(text);
        else if (type == "thinking_delta")
            sink_.reasoning(text);
        else
            return false;
        return true;
    }

    void on_message_start(const boost::json::object& o) {
        using namespace json_read;
        const auto* message = object_member(o, "message");
        if (!started_) {
            started_ = true;
            sink_.message_start(message ? string_member(*message, "id") : std::string_view(),
                                message ? string_member(*message, "model") : std::string_view());
        }
        if (const auto* u = message ? object_member(*message, "usage") : nullptr) add_usage(*u);
    }

    // Compatible servers that skip message_start still get a start event first.
    void ensure_started() {
        if (started_) return;
        started_ = true;
        sink_.message_start({}, {});
    }

    static int64_t block_index(const boost::json::object& o) {
        return json_read::integer_member(o, "index").value_or(0);
    }

    void on_block_start(const boost::json::object& o) {
        using namespace json_read;
        ensure_started();
        const auto* block = object_member(o, "content_block");
        if (!block) return;
        const auto type = string_member(*block, "type");
        if (type == "text")
            sink_.text(string_member(*block, "text"));
        else if (type == "thinking") {
            sink_.reasoning(string_member(*block, "thinking"));
            signatures_[block_index(o)] = string_member(*block, "signature");
        } else if (type == "redacted_thinking")
            sink_.reasoning_state(
                -1, {std::string(reasoning_origin::anthropic), {}, std::string(string_member(*block, "data")), {}});
        else if (type == "tool_use") {
            ToolBlock& b = start_tool(block_index(o), string_member(*block, "id"), string_member(*block, "name"));
            if (const auto* input = object_member(*block, "input"); input && !input->empty())
                b.initial_input = boost::json::serialize(*input);
        }
    }

    void on_block_delta(const boost::json::object& o) {
        using namespace json_read;
        ensure_started();
        const auto* delta = object_member(o, "delta");
        if (!delta) return;
        const auto type = string_member(*delta, "type");
        if (emit_text_delta(type, string_member(*delta, type == "text_delta" ? "text" : "thinking"))) return;
        if (type == "signature_delta")
            signatures_[block_index(o)].append(string_member(*delta, "signature"));
        else if (type == "input_json_delta") {
            const auto fragment = string_member(*delta, "partial_json");
            if (fragment.empty()) return;
            const int64_t index = block_index(o);
            auto it = tool_blocks_.find(index);
            // Arguments for a block that never started: still a tool call, just unnamed.
            ToolBlock& b = it != tool_blocks_.end() ? it->second : start_tool(index, {}, {});
            sink_.tool_call_delta(b.tool_index, fragment);
            b.arguments_sent = true;
        }
    }

    void on_block_stop(const boost::json::object& o) {
        if (auto thinking = signatures_.find(block_index(o)); thinking != signatures_.end()) {
            sink_.reasoning_state(-1, {std::string(reasoning_origin::anthropic), std::move(thinking->second), {}, {}});
            signatures_.erase(thinking);
            return;
        }
        auto it = tool_blocks_.find(block_index(o));
        if (it == tool_blocks_.end()) return;
        close(it->second);
        tool_blocks_.erase(it);
    }

    void on_message_delta(const boost::json::object& o) {
        using namespace json_read;
        ensure_started();
        if (const auto* delta = object_member(o, "delta"))
            if (const auto reason = string_member(*delta, "stop_reason"); !reason.empty())
                finish_ = anthropic_finish_reason(reason);
        if (const auto* u = object_member(o, "usage")) add_usage(*u);
    }

    void on_message_stop() {
        ensure_started();
        for (auto& [index, block] : tool_blocks_) // blocks the server never closed
            close(block);
        tool_blocks_.clear();
        done_ = true;
    }

    ToolBlock& start_tool(int64_t index, std::string_view id, std::string_view name) {
        ToolBlock& b = tool_blocks_[index];
        b = ToolBlock{};
        b.tool_index = tool_calls_++;
        // Callers need an id to answer the call with.
        const std::string call_id = id.empty() ? "toolu_" + std::to_string(b.tool_index) : std::string(id);
        sink_.tool_call_start(b.tool_index, call_id, name);
        return b;
    }

    // A tool call's arguments are complete: one that got no fragment is "{}" (no arguments)
    // or the input its start carried.
    void close(ToolBlock& b) {
        if (b.arguments_sent) return;
        b.arguments_sent = true;
        sink_.tool_call_delta(b.tool_index, b.initial_input.empty() ? std::string("{}") : b.initial_input);
    }

    void add_usage(const boost::json::object& u) {
        usage_.add(u);
        sink_.usage(usage_.canonical());
    }

    std::string provider_id_;
    EventSink& sink_;
    SseParser parser_;
    AnthropicPlainEvent plain_;                 // the one-pass reading of the common event
    std::map<int64_t, std::string> signatures_; // open thinking blocks -> their signature so far
    std::map<int64_t, ToolBlock> tool_blocks_;  // open tool_use blocks by wire index
    AnthropicUsage usage_;
    llmh_finish_reason finish_ = LLMH_FINISH_NONE;
    int tool_calls_ = 0;
    bool started_ = false;
    bool done_ = false;
    bool at_eof_ = false;
};

} // namespace llmhost
