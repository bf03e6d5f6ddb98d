// Canonical events -> chat.completion.chunk SSE frames: a role chunk first, then content,
// reasoning and tool-call deltas (id and name on a call's first fragment, then argument
// fragments by index), a finish_reason chunk, the usage chunk (choices: []) when the client
// asked for it, and `data: [DONE]`.
#include "core/gateway/faces/openai_chat/names.hpp"
#include "core/gateway/faces/openai_chat/openai_chat_face.hpp"

#include <llmhost/support/json_write.hpp>

namespace llmhost::gateway::openai_face {
namespace {

class OpenAIStreamEncoder final : public ChatStreamEncoder {
  public:
    OpenAIStreamEncoder(ResponseIdentity identity, bool include_usage)
        : identity_(std::move(identity)), include_usage_(include_usage) {}

    void event(const llmh_event& e, std::string& out) override {
        const std::string_view text = view(e.text);
        switch (e.type) {
        case LLMH_EVENT_MESSAGE_START:
            if (!started_) { // upstream id and model name, while nothing is written yet
                if (e.id.size) identity_.id.assign(view(e.id));
                if (e.name.size) identity_.model.assign(view(e.name));
            }
            break;
        case LLMH_EVENT_TEXT_DELTA:
            if (text.empty()) break;
            begin_delta(out, "{\"content\":");
            append_json_string(out, text);
            end_delta(out, "}");
            break;
        case LLMH_EVENT_REASONING_DELTA:
            if (text.empty()) break;
            begin_delta(out, "{\"reasoning_content\":");
            append_json_string(out, text);
            end_delta(out, "}");
            break;
        case LLMH_EVENT_REASONING_STATE: {
            if (e.index >= 0) break; // a tool call's state has no field here
            const std::string opaque = reasoning_opaque_field(reasoning_state_of(e));
            if (opaque.empty()) break;
            begin_delta(out, "{\"reasoning_opaque\":");
            --deltas_; // state, not content
            append_json_string(out, opaque);
            end_delta(out, "}");
            break;
        }
        case LLMH_EVENT_TOOL_CALL_START:
            has_tool_calls_ = true;
            begin_delta(out, "{\"tool_calls\":[{\"index\":");
            append_json_int(out, e.index);
            out += ",\"id\":";
            append_json_string(out, view(e.id));
            out += ",\"type\":\"function\",\"function\":{\"name\":";
            append_json_string(out, view(e.name));
            end_delta(out, ",\"arguments\":\"\"}}]}");
            break;
        case LLMH_EVENT_TOOL_CALL_DELTA:
            if (text.empty()) break;
            begin_delta(out, "{\"tool_calls\":[{\"index\":");
            append_json_int(out, e.index);
            out += ",\"function\":{\"arguments\":";
            append_json_string(out, text);
            end_delta(out, "}}]}");
            break;
        case LLMH_EVENT_USAGE: usage_ = usage_of(e); break;
        case LLMH_EVENT_FINISH: write_finish(out, static_cast<llmh_finish_reason>(e.finish_reason)); break;
        default: break; // event types from newer plugins
        }
    }

    void finish(std::string& out) override {
        if (!finished_) write_finish(out, LLMH_FINISH_NONE);
        if (include_usage_) {
            out += "data: ";
            out += head();
            out += "\"choices\":[],\"usage\":";
            append_usage_json(out, usage_);
            out += "}\n\n";
        }
        out += "data: [DONE]\n\n";
    }

    void fail(const GatewayError& error, std::string& out) override { out += render_stream_error(error); }

    uint64_t deltas() const override { return deltas_; }
    int64_t output_tokens() const override { return usage_.output_tokens; }

  private:
    // {"id":..,"object":"chat.completion.chunk","created":..,"model":.., — fixed once the
    // first chunk is written.
    const std::string& head() {
        if (head_.empty()) {
            head_ = "{\"id\":";
            append_json_string(head_, identity_.id);
            head_ += ",\"object\":\"chat.completion.chunk\",\"created\":";
            append_json_int(head_, identity_.created);
            head_ += ",\"model\":";
            append_json_string(head_, identity_.model);
            head_ += ",";
        }
        return head_;
    }

    // Opens a chunk whose delta starts with `delta_prefix`; the role chunk goes first.
    void begin_delta(std::string& out, std::string_view delta_prefix) {
        if (!started_) {
            started_ = true;
            begin_chunk(out);
            out += "{\"role\":\"assistant\",\"content\":\"\"}";
            end_chunk(out, "null");
        }
        ++deltas_;
        begin_chunk(out);
        out += delta_prefix;
    }

    void end_delta(std::string& out, std::string_view delta_suffix) {
        out += delta_suffix;
        end_chunk(out, "null");
    }

    void begin_chunk(std::string& out) {
        out += "data: ";
        out += head();
        out += "\"choices\":[{\"index\":0,\"delta\":";
    }

    void end_chunk(std::string& out, std::string_view finish_reason) {
        out += ",\"finish_reason\":";
        out += finish_reason;
        out += include_usage_ ? "}],\"usage\":null}\n\n" : "}]}\n\n";
    }

    void write_finish(std::string& out, llmh_finish_reason reason) {
        if (finished_) return;
        finished_ = true;
        begin_delta(out, "{}");
        --deltas_; // the finish chunk carries no content
        out += ",\"finish_reason\":\"";
        out += finish_reason_name(reason, has_tool_calls_);
        out += include_usage_ ? "\"}],\"usage\":null}\n\n" : "\"}]}\n\n";
    }

    ResponseIdentity identity_;
    bool include_usage_;
    std::string head_;
    Usage usage_;
    uint64_t deltas_ = 0;
    bool started_ = false;
    bool finished_ = false;
    bool has_tool_calls_ = false;
};

} // namespace

std::unique_ptr<ChatStreamEncoder> make_stream_encoder(ResponseIdentity identity, bool include_usage) {
    return std::make_unique<OpenAIStreamEncoder>(std::move(identity), include_usage);
}

} // namespace llmhost::gateway::openai_face
