// Canonical events -> the Responses stream: response.created and response.in_progress, then
// per output item output_item.added, its deltas (output_text, reasoning_summary_text,
// function_call_arguments, custom_tool_call_input), its .done events and output_item.done
// with the complete item (Codex builds its turn from these), and last response.completed,
// response.incomplete or response.failed. Every event carries a sequence_number.
//
// Text and reasoning items close when another item starts. Tool calls stay open until the
// end, since a provider may interleave their argument fragments; a freeform tool's input is
// held until then too, because it arrives as JSON ({"input": "..."}) and goes out as text.
#include "core/gateway/faces/openai_responses/output.hpp"
#include "core/gateway/faces/openai_responses/response_store.hpp"
#include "core/gateway/faces/openai_responses/responses_face.hpp"

#include <llmhost/support/json_write.hpp>

#include <map>

namespace llmhost::gateway::responses_face {
namespace {

class ResponsesStreamEncoder final : public ChatStreamEncoder {
  public:
    ResponsesStreamEncoder(std::shared_ptr<const ResponsesRequest> request, ResponseIdentity identity,
                           ResponseStore* store)
        : request_(std::move(request)), identity_(std::move(identity)), store_(store) {}

    void event(const llmh_event& e, std::string& out) override {
        const std::string_view text = view(e.text);
        switch (e.type) {
        case LLMH_EVENT_MESSAGE_START:
            if (!started_ && e.name.size) identity_.model.assign(view(e.name)); // the id stays ours: the store's key
            break;
        case LLMH_EVENT_TEXT_DELTA:
            if (text.empty()) break;
            open(out, OutputItem::Kind::message);
            delta(out, "response.output_text.delta", text, true);
            output_[open_].text.append(text);
            break;
        case LLMH_EVENT_REASONING_DELTA:
            if (text.empty()) break;
            open(out, OutputItem::Kind::reasoning);
            delta(out, "response.reasoning_summary_text.delta", text, false, true);
            output_[open_].text.append(text);
            break;
        case LLMH_EVENT_REASONING_STATE:
            if (e.index < 0) end_reasoning(out, reasoning_state_of(e)); // a tool call's state has no field here
            break;
        case LLMH_EVENT_TOOL_CALL_START: start_call(out, e.index, view(e.id), view(e.name)); break;
        case LLMH_EVENT_TOOL_CALL_DELTA: call_fragment(out, e.index, text); break;
        case LLMH_EVENT_USAGE: usage_ = usage_of(e); break;
        case LLMH_EVENT_FINISH: finish_ = static_cast<llmh_finish_reason>(e.finish_reason); break;
        default: break; // event types from newer plugins
        }
    }

    void finish(std::string& out) override {
        start(out);
        close_open(out);
        for (size_t i = 0; i < output_.size(); ++i)
            if (!done_[i]) close_item(out, i);
        const Outcome outcome = outcome_of(finish_);
        const std::string response = response_json(*request_, identity_, output_, &usage_, outcome);
        write(out, outcome.status == "incomplete" ? "response.incomplete" : "response.completed", [&](std::string& o) {
            o += ",\"response\":";
            o += response;
        });
        if (store_ && request_->store) {
            auto history = std::make_shared<std::vector<Message>>(*request_->conversation);
            history->push_back(assistant_turn(output_));
            store_->put(identity_.id, {response, std::move(history), output_});
        }
    }

    void fail(const GatewayError& error, std::string& out) override {
        start(out);
        Outcome outcome{"failed", {}, &error};
        write(out, "response.failed", [&](std::string& o) {
            o += ",\"response\":";
            o += response_json(*request_, identity_, output_, &usage_, outcome);
        });
    }

    uint64_t deltas() const override { return deltas_; }
    int64_t output_tokens() const override { return usage_.output_tokens; }

  private:
    static constexpr size_t none = static_cast<size_t>(-1);

    // One event: `event: TYPE` and its data, whose members after type and sequence_number
    // `members` appends (each starting with a comma).
    template <class Members> void write(std::string& out, std::string_view type, const Members& members) {
        out += "event: ";
        out += type;
        out += "\ndata: {\"type\":\"";
        out += type;
        out += "\",\"sequence_number\":";
        append_json_int(out, sequence_++);
        members(out);
        out += "}\n\n";
    }

    // ,"item_id":..,"output_index":..
    void item_members(std::string& out, size_t index) const {
        out += ",\"item_id\":";
        append_json_string(out, output_[index].id);
        out += ",\"output_index\":";
        append_json_int(out, static_cast<int64_t>(index));
    }

    void start(std::string& out) {
        if (started_) return;
        started_ = true;
        const std::string response = response_json(*request_, identity_, {}, nullptr, {"in_progress", {}, nullptr});
        for (const std::string_view type : {"response.created", "response.in_progress"})
            write(out, type, [&](std::string& o) {
                o += ",\"response\":";
                o += response;
            });
    }

    void item_event(std::string& out, std::string_view type, size_t index, std::string_view status) {
        write(out, type, [&](std::string& o) {
            o += ",\"output_index\":";
            append_json_int(o, static_cast<int64_t>(index));
            o += ",\"item\":";
            append_item_json(o, *request_, output_[index], status);
        });
    }

    size_t add_item(std::string& out, OutputItem item) {
        start(out);
        output_.push_back(std::move(item));
        done_.push_back(false);
        const size_t index = output_.size() - 1;
        item_event(out, "response.output_item.added", index, "in_progress");
        return index;
    }

    // Makes a text or reasoning item of `kind` the open one.
    void open(std::string& out, OutputItem::Kind kind) {
        if (open_ != none && output_[open_].kind == kind) return;
        close_open(out);
        OutputItem item;
        item.kind = kind;
        item.id = new_item_id(kind);
        open_ = add_item(out, std::move(item));
        write(out,
              kind == OutputItem::Kind::message ? "response.content_part.added"
                                                : "response.reasoning_summary_part.added",
              [&](std::string& o) {
                  item_members(o, open_);
                  o += kind == OutputItem::Kind::message
                           ? ",\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"\",\"annotations\":[]}"
                           : ",\"summary_index\":0,\"part\":{\"type\":\"summary_text\",\"text\":\"\"}";
              });
    }

    void delta(std::string& out, std::string_view type, std::string_view text, bool content, bool summary = false) {
        ++deltas_;
        write(out, type, [&](std::string& o) {
            item_members(o, open_);
            if (content) o += ",\"content_index\":0";
            if (summary) o += ",\"summary_index\":0";
            o += ",\"delta\":";
            append_json_string(o, text);
            if (content) o += ",\"logprobs\":[]";
        });
    }

    // The state that ends a reasoning item (one of its own when none is open: redacted
    // reasoning has no summary).
    void end_reasoning(std::string& out, ReasoningState state) {
        open(out, OutputItem::Kind::reasoning);
        output_[open_].state = std::move(state);
        close_open(out);
    }

    void close_open(std::string& out) {
        if (open_ == none) return;
        close_item(out, open_);
        open_ = none;
    }

    // The item's closing events, ending with output_item.done and the complete item.
    void close_item(std::string& out, size_t index) {
        done_[index] = true;
        if (output_[index].kind == OutputItem::Kind::custom_tool_call)
            output_[index].text = custom_tool_input(output_[index].arguments);
        const OutputItem& item = output_[index];
        const auto text_done = [&](std::string_view type, std::string_view key, std::string_view value,
                                   std::string_view extra) {
            write(out, type, [&](std::string& o) {
                item_members(o, index);
                o += extra;
                o += ",\"";
                o += key;
                o += "\":";
                append_json_string(o, value);
            });
        };
        switch (item.kind) {
        case OutputItem::Kind::message:
            text_done("response.output_text.done", "text", item.text, ",\"content_index\":0,\"logprobs\":[]");
            write(out, "response.content_part.done", [&](std::string& o) {
                item_members(o, index);
                o += ",\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":";
                append_json_string(o, item.text);
                o += ",\"annotations\":[]}";
            });
            break;
        case OutputItem::Kind::reasoning:
            text_done("response.reasoning_summary_text.done", "text", item.text, ",\"summary_index\":0");
            write(out, "response.reasoning_summary_part.done", [&](std::string& o) {
                item_members(o, index);
                o += ",\"summary_index\":0,\"part\":{\"type\":\"summary_text\",\"text\":";
                append_json_string(o, item.text);
                o += '}';
            });
            break;
        case OutputItem::Kind::function_call:
            text_done("response.function_call_arguments.done", "arguments", item.arguments, {});
            break;
        case OutputItem::Kind::custom_tool_call:
            if (!item.text.empty()) text_done("response.custom_tool_call_input.delta", "delta", item.text, {});
            text_done("response.custom_tool_call_input.done", "input", item.text, {});
            break;
        }
        item_event(out, "response.output_item.done", index, "completed");
    }

    void start_call(std::string& out, int index, std::string_view id, std::string_view name) {
        close_open(out);
        OutputItem item = tool_call_item(*request_, std::string(id), name, {});
        if (item.call_id.empty()) item.call_id = "call_" + item.id;
        calls_[index] = add_item(out, std::move(item));
        ++deltas_;
    }

    void call_fragment(std::string& out, int index, std::string_view fragment) {
        if (fragment.empty()) return;
        auto it = calls_.find(index);
        if (it == calls_.end()) { // arguments for a call that never started: still a call
            start_call(out, index, {}, {});
            it = calls_.find(index);
        }
        OutputItem& item = output_[it->second];
        if (item.kind == OutputItem::Kind::custom_tool_call) {
            item.arguments.append(fragment); // {"input": ...}, turned into text when it closes
            return;
        }
        item.arguments.append(fragment);
        ++deltas_;
        write(out, "response.function_call_arguments.delta", [&](std::string& o) {
            item_members(o, it->second);
            o += ",\"delta\":";
            append_json_string(o, fragment);
        });
    }

    std::shared_ptr<const ResponsesRequest> request_;
    ResponseIdentity identity_;
    ResponseStore* store_;
    std::vector<OutputItem> output_;
    std::vector<bool> done_;
    std::map<int, size_t> calls_; // canonical tool-call index -> output index
    size_t open_ = none;          // the open text or reasoning item
    Usage usage_;
    llmh_finish_reason finish_ = LLMH_FINISH_NONE;
    int64_t sequence_ = 0;
    uint64_t deltas_ = 0;
    bool started_ = false;
};

} // namespace

std::unique_ptr<ChatStreamEncoder> make_stream_encoder(std::shared_ptr<const ResponsesRequest> request,
                                                       ResponseIdentity identity, ResponseStore* store) {
    return std::make_unique<ResponsesStreamEncoder>(std::move(request), std::move(identity), store);
}

} // namespace llmhost::gateway::responses_face
