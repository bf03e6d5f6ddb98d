// Decodes an OpenAI Responses API event stream into canonical events, fed with body bytes
// split anywhere (docs/protocols/openai-responses.md; OpenAI's "Streaming events" reference).
//
//   response.created                       -> message_start
//   response.output_text.delta             -> text
//   response.reasoning_summary_text.delta  -> reasoning
//   output_item.added function_call        -> tool_call_start; function_call_arguments.delta -> tool_call_delta
//   output_item.added custom_tool_call     -> tool_call_start with arguments {"input": <the input>}, as the
//                                             gateway's Responses face reads them back
//   output_item.done reasoning             -> reasoning_state {origin, data = encrypted_content, id}
//   response.completed / incomplete        -> usage, then finish at the end of the body
//   response.failed / error                -> a typed Error
// A body that ends before response.completed (or incomplete) is an error, never a clean finish.
#pragma once

#include <llmhost/error.hpp>
#include <llmhost/protocol/responses/errors.hpp>
#include <llmhost/protocol/sse.hpp>
#include <llmhost/provider.hpp>
#include <llmhost/support/error_text.hpp>
#include <llmhost/support/json_read.hpp>
#include <llmhost/support/json_write.hpp>

#include <boost/json.hpp>
#include <map>
#include <string>
#include <string_view>

namespace llmhost {

// The usage of a finished response object ({} when it has none).
inline std::optional<Usage> responses_usage(const boost::json::object& response) {
    using namespace json_read;
    const auto* u = object_member(response, "usage");
    if (!u) return std::nullopt;
    Usage usage;
    usage.input_tokens = integer_member(*u, "input_tokens").value_or(-1);
    usage.output_tokens = integer_member(*u, "output_tokens").value_or(-1);
    if (const auto* d = object_member(*u, "input_tokens_details"))
        usage.cached_input_tokens = integer_member(*d, "cached_tokens").value_or(-1);
    if (const auto* d = object_member(*u, "output_tokens_details"))
        usage.reasoning_tokens = integer_member(*d, "reasoning_tokens").value_or(-1);
    return usage;
}

// The finish reason of a finished response object.
inline llmh_finish_reason responses_finish_reason(const boost::json::object& response, bool any_tool_call) {
    using namespace json_read;
    if (string_member(response, "status") == "incomplete") {
        const auto* details = object_member(response, "incomplete_details");
        const std::string_view reason = details ? string_member(*details, "reason") : std::string_view();
        return reason == "content_filter" ? LLMH_FINISH_CONTENT_FILTER : LLMH_FINISH_LENGTH;
    }
    return any_tool_call ? LLMH_FINISH_TOOL_CALLS : LLMH_FINISH_STOP;
}

// A custom tool's raw input as the canonical arguments {"input": "..."}, in pieces: the
// opening, each piece of input escaped, the closing.
inline constexpr std::string_view custom_tool_arguments_open = "{\"input\":\"";
inline constexpr std::string_view custom_tool_arguments_close = "\"}";
inline std::string custom_tool_input_piece(std::string_view input) {
    std::string quoted;
    append_json_string(quoted, input);
    return quoted.substr(1, quoted.size() - 2);
}

class ResponsesStreamDecoder {
  public:
    // `origin` names the reasoning state this provider gives back (encrypted_content).
    ResponsesStreamDecoder(std::string provider_id, EventSink& sink, std::string origin)
        : provider_id_(std::move(provider_id)), origin_(std::move(origin)), sink_(sink) {}

    void feed(std::string_view bytes) {
        parser_.feed(bytes, [this](const SseEvent& event) {
            handle(event);
            return true;
        });
    }

    // The body ended: emits finish, or throws MALFORMED_RESPONSE when response.completed never came.
    void finish(std::string_view why = {}) {
        if (!completed_ && parser_.has_partial_event()) {
            at_eof_ = true;
            feed("\n\n");
        }
        if (!completed_) {
            std::string message = provider_id_ + ": stream ended before response.completed (the response is incomplete";
            message += why.empty() ? ")" : "; " + std::string(why) + ")";
            throw Error(LLMH_ERR_MALFORMED_RESPONSE, message);
        }
        sink_.finish(finish_);
    }

    bool completed() const { return completed_; }

    // One event of the stream, as JSON (also used for a whole response: see llmhost/protocol/responses/response.hpp).
    void handle_json(std::string_view type, const boost::json::object& e) {
        using namespace json_read;
        if (completed_) return;
        if (type == "response.created" || type == "response.in_progress") {
            if (const auto* r = object_member(e, "response")) start(*r);
        } else if (type == "response.output_text.delta") {
            start_if_needed();
            sink_.text(string_member(e, "delta"));
        } else if (type == "response.reasoning_summary_text.delta" || type == "response.reasoning_text.delta") {
            start_if_needed();
            sink_.reasoning(string_member(e, "delta"));
        } else if (type == "response.output_item.added") {
            if (const auto* item = object_member(e, "item"))
                item_added(integer_member(e, "output_index").value_or(-1), *item);
        } else if (type == "response.function_call_arguments.delta") {
            if (const auto index = tool_index(e)) sink_.tool_call_delta(*index, string_member(e, "delta"));
        } else if (type == "response.custom_tool_call_input.delta") {
            if (const auto index = tool_index(e))
                sink_.tool_call_delta(*index, custom_tool_input_piece(string_member(e, "delta")));
        } else if (type == "response.output_item.done") {
            if (const auto* item = object_member(e, "item"))
                item_done(integer_member(e, "output_index").value_or(-1), *item);
        } else if (type == "response.completed" || type == "response.incomplete") {
            if (const auto* r = object_member(e, "response")) complete(*r);
        } else if (type == "response.failed") {
            const auto* r = object_member(e, "response");
            const auto* error = r ? object_member(*r, "error") : nullptr;
            throw responses_error(provider_id_, error ? *error : boost::json::object());
        } else if (type == "error") {
            const auto* nested = object_member(e, "error");
            throw responses_error(provider_id_, nested ? *nested : e);
        }
    }

    // A finished response object (the non-streamed answer, or response.completed's).
    void complete(const boost::json::object& response) {
        start(response);
        if (const auto usage = responses_usage(response)) sink_.usage(*usage);
        finish_ = responses_finish_reason(response, !tools_.empty());
        completed_ = true;
    }

    void start(const boost::json::object& response) {
        if (started_) return;
        started_ = true;
        sink_.message_start(json_read::string_member(response, "id"), json_read::string_member(response, "model"));
    }

    // An output item as a whole (a non-streamed response's output entries).
    void whole_item(int64_t output_index, const boost::json::object& item) {
        using namespace json_read;
        const std::string_view type = string_member(item, "type");
        if (type == "message") {
            if (const auto* content = array_member(item, "content"))
                for (const auto& part : *content)
                    if (part.is_object() && string_member(part.get_object(), "type") == "output_text")
                        sink_.text(string_member(part.get_object(), "text"));
        } else if (type == "reasoning") {
            if (const auto* summary = array_member(item, "summary"))
                for (const auto& part : *summary)
                    if (part.is_object()) sink_.reasoning(string_member(part.get_object(), "text"));
            item_done(output_index, item);
        } else if (type == "function_call" || type == "custom_tool_call") {
            item_added(output_index, item);
            const auto index = *tool_index_of(output_index);
            if (type == "function_call")
                sink_.tool_call_delta(index, string_member(item, "arguments"));
            else
                sink_.tool_call_delta(index, custom_tool_input_piece(string_member(item, "input")));
            item_done(output_index, item);
        }
    }

  private:
    struct OpenTool {
        int index;
        bool custom;
    };

    void handle(const SseEvent& event) {
        std::string_view data = event.data;
        while (!data.empty() && (data.back() == ' ' || data.back() == '\n' || data.back() == '\r'))
            data.remove_suffix(1);
        if (data.empty() || data == "[DONE]") return;
        json_read::ScratchArena arena;
        auto json = json_read::parse(data, arena.storage());
        if (!json || !json->is_object()) {
            if (at_eof_) return; // the tail of a cut-off stream; finish() reports it
            throw Error(LLMH_ERR_MALFORMED_RESPONSE,
                        provider_id_ + ": stream event is not a JSON object: " + error_text::snippet(data));
        }
        const auto& e = json->get_object();
        std::string_view type = json_read::string_member(e, "type");
        if (type.empty()) type = event.event;
        handle_json(type, e);
    }

    void start_if_needed() {
        if (!started_) start(boost::json::object());
    }

    void item_added(int64_t output_index, const boost::json::object& item) {
        using namespace json_read;
        const std::string_view type = string_member(item, "type");
        if (type != "function_call" && type != "custom_tool_call") return;
        start_if_needed();
        const bool custom = type == "custom_tool_call";
        const int index = static_cast<int>(tools_.size());
        tools_[output_index] = {index, custom};
        std::string_view id = string_member(item, "call_id");
        if (id.empty()) id = string_member(item, "id");
        sink_.tool_call_start(index, id, string_member(item, "name"));
        if (custom) sink_.tool_call_delta(index, custom_tool_arguments_open);
    }

    void item_done(int64_t output_index, const boost::json::object& item) {
        using namespace json_read;
        const std::string_view type = string_member(item, "type");
        if (type == "reasoning") {
            start_if_needed();
            // Kept for the next turn: the item's id, and its encrypted content when asked for.
            sink_.reasoning_state(-1, ReasoningState{origin_,
                                                     {},
                                                     std::string(string_member(item, "encrypted_content")),
                                                     std::string(string_member(item, "id"))});
        } else if (type == "custom_tool_call") {
            if (const auto index = tool_index_of(output_index))
                sink_.tool_call_delta(*index, custom_tool_arguments_close);
        }
    }

    std::optional<int> tool_index(const boost::json::object& e) const {
        return tool_index_of(json_read::integer_member(e, "output_index").value_or(-1));
    }
    std::optional<int> tool_index_of(int64_t output_index) const {
        const auto it = tools_.find(output_index);
        if (it == tools_.end()) return std::nullopt;
        return it->second.index;
    }

    std::string provider_id_;
    std::string origin_;
    EventSink& sink_;
    SseParser parser_;
    std::map<int64_t, OpenTool> tools_; // by output_index
    llmh_finish_reason finish_ = LLMH_FINISH_STOP;
    bool started_ = false;
    bool completed_ = false;
    bool at_eof_ = false;
};

} // namespace llmhost
