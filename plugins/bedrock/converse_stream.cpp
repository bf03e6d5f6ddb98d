#include "converse_stream.hpp"

#include "bedrock_errors.hpp"
#include "converse_outcome.hpp"
#include "converse_reasoning.hpp"

#include <llmhost/error.hpp>
#include <llmhost/support/error_text.hpp>
#include <llmhost/support/json_read.hpp>

namespace llmhost::bedrock {

void ConverseStreamDecoder::feed(std::string_view bytes) {
    frames_.feed(bytes, [this](EventStreamMessage&& m) { handle(m); });
}

void ConverseStreamDecoder::finish(std::string_view why) {
    if (!stop_reason_) {
        std::string message = provider_id_ + ": the event stream ended before messageStop (the response is "
                                             "incomplete";
        if (frames_.has_partial_message()) message += "; it stops inside a frame";
        message += why.empty() ? ")" : "; " + std::string(why) + ")";
        throw Error(LLMH_ERR_MALFORMED_RESPONSE, message);
    }
    sink_.finish(converse_finish_reason(provider_id_, *stop_reason_, next_tool_index_ > 0));
}

void ConverseStreamDecoder::malformed(const std::string& why) const {
    throw Error(LLMH_ERR_MALFORMED_RESPONSE, provider_id_ + ": " + why);
}

boost::json::object ConverseStreamDecoder::payload_object(const EventStreamMessage& m, std::string_view event) const {
    auto json = json_read::parse(m.payload);
    if (!json || !json->is_object())
        malformed("the payload of a " + std::string(event) +
                  " event is not a JSON object: " + error_text::snippet(m.payload));
    return std::move(json->get_object());
}

void ConverseStreamDecoder::handle(const EventStreamMessage& m) {
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

void ConverseStreamDecoder::on_message_start() {
    if (started_) return;
    started_ = true;
    sink_.message_start({}, model_);
}

int64_t ConverseStreamDecoder::block_index(const boost::json::object& o) {
    return json_read::integer_member(o, "contentBlockIndex").value_or(0);
}

void ConverseStreamDecoder::on_block_start(const boost::json::object& o) {
    using namespace json_read;
    const auto* start = object_member(o, "start");
    const auto* tool = start ? object_member(*start, "toolUse") : nullptr;
    if (!tool) return; // text and other blocks need no start
    ToolBlock block{next_tool_index_++, false};
    tools_[block_index(o)] = block;
    sink_.tool_call_start(block.index, string_member(*tool, "toolUseId"), string_member(*tool, "name"));
}

void ConverseStreamDecoder::on_block_delta(const boost::json::object& o) {
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

void ConverseStreamDecoder::on_block_stop(const boost::json::object& o) {
    const int64_t index = block_index(o);
    if (auto r = reasoning_.find(index); r != reasoning_.end()) {
        sink_.reasoning_state(-1, bedrock_reasoning_state(std::move(r->second.signature), std::move(r->second.data)));
        reasoning_.erase(r);
    }
    auto it = tools_.find(index);
    if (it == tools_.end()) return;
    if (!it->second.input_sent) sink_.tool_call_delta(it->second.index, "{}"); // a call without arguments
    tools_.erase(it);
}

void ConverseStreamDecoder::on_message_stop(const boost::json::object& o) {
    // A reasoning block the stream never closed still ends here, its state with it.
    for (auto& [index, state] : reasoning_)
        sink_.reasoning_state(-1, bedrock_reasoning_state(std::move(state.signature), std::move(state.data)));
    reasoning_.clear();
    stop_reason_ = std::string(json_read::string_member(o, "stopReason"));
    // Throws now for model_context_window_exceeded rather than after the usage.
    converse_finish_reason(provider_id_, *stop_reason_, next_tool_index_ > 0);
}

void ConverseStreamDecoder::on_metadata(const boost::json::object& o) {
    if (const auto* usage = json_read::object_member(o, "usage")) sink_.usage(converse_usage(*usage));
}

} // namespace llmhost::bedrock
