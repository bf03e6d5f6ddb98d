// Canonical events -> GenerateContentResponse chunks: one per text (or thought) delta, each a
// candidate holding that part. Gemini never fragments a function call, so tool calls are
// gathered by index and written whole in the last chunk, which also carries finishReason and
// usageMetadata. With ?alt=sse every chunk is a `data:` event ended by \r\n\r\n, as Google
// sends them; without it the stream is one JSON array of chunks.
#include "core/gateway/faces/gemini/gemini_face.hpp"
#include "core/gateway/faces/gemini/names.hpp"

#include <vector>

namespace llmhost::gateway::gemini_face {
namespace {

// Google's JS SDK finds SSE events with /^\s*data: (.*)(?:\n\n|\r\r|\r\n\r\n)/, and `.` does
// not match U+2028 or U+2029: an event holding either raw would never be found. JSON text
// can only hold them inside strings, where \u escapes mean the same.
void escape_line_separators(std::string& out, size_t from) {
    size_t at = out.find("\xE2\x80", from);
    while (at != std::string::npos && at + 2 < out.size()) {
        const char last = out[at + 2];
        if (last == '\xA8' || last == '\xA9') {
            out.replace(at, 3, last == '\xA8' ? "\\u2028" : "\\u2029");
            at += 6;
        } else {
            at += 2;
        }
        at = out.find("\xE2\x80", at);
    }
}

class GeminiStreamEncoder final : public ChatStreamEncoder {
  public:
    GeminiStreamEncoder(ResponseIdentity identity, ReplyShape shape) : identity_(std::move(identity)), shape_(shape) {}

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
            if (!text.empty()) part_chunk(out, text, false);
            break;
        case LLMH_EVENT_REASONING_DELTA:
            // Gemini shows thoughts only to clients that ask (thinkingConfig.includeThoughts).
            if (!text.empty() && shape_.include_thoughts) part_chunk(out, text, true);
            break;
        case LLMH_EVENT_TOOL_CALL_START: {
            ToolCall& started = call(e.index);
            started.id.assign(view(e.id));
            started.name.assign(view(e.name));
            break;
        }
        case LLMH_EVENT_TOOL_CALL_DELTA: call(e.index).arguments.append(text); break;
        case LLMH_EVENT_REASONING_STATE:
            if (e.index >= 0) { // the call goes out whole at the end, with its signature
                call(e.index).state = reasoning_state_of(e);
                break;
            }
            signature_chunk(out, reasoning_state_of(e));
            break;
        case LLMH_EVENT_USAGE: usage_ = usage_of(e); break;
        case LLMH_EVENT_FINISH: finish_ = static_cast<llmh_finish_reason>(e.finish_reason); break;
        default: break; // event types from newer plugins
        }
    }

    void finish(std::string& out) override {
        const size_t from = open_chunk(out);
        out += candidate_head;
        for (size_t i = 0; i < calls_.size(); ++i) {
            if (i) out += ',';
            append_function_call_part(out, calls_[i].call);
            ++deltas_;
        }
        // Clients read candidates[0].content.parts[0]: the last chunk has a part even without calls.
        if (calls_.empty()) append_text_part(out, "", false);
        append_candidate_tail(out, finish_reason_name(finish_));
        out += ",\"usageMetadata\":";
        append_usage_metadata(out, usage_);
        append_response_tail(out, identity_.model, identity_.id);
        close_chunk(out, from);
        if (!shape_.sse) out += ']';
    }

    // Google ends a failing stream with its plain error object rather than an event, and its
    // SDKs look for exactly that (as an array element without alt=sse).
    void fail(const GatewayError& error, std::string& out) override {
        if (!shape_.sse) out += started_ ? ",\r\n" : "[";
        out += render_error(error);
        out += shape_.sse ? "\r\n" : "]";
    }

    uint64_t deltas() const override { return deltas_; }
    int64_t output_tokens() const override { return usage_.output_tokens; }

  private:
    struct HeldCall {
        int index;
        ToolCall call;
    };

    // The call with this index; one that never started gets no id and no name.
    ToolCall& call(int index) {
        for (auto& held : calls_)
            if (held.index == index) return held.call;
        return calls_.emplace_back(HeldCall{index, {}}).call;
    }

    // Starts a chunk; returns where its JSON begins.
    size_t open_chunk(std::string& out) {
        if (shape_.sse)
            out += "data: ";
        else
            out += started_ ? ",\r\n" : "[";
        started_ = true;
        return out.size();
    }

    void close_chunk(std::string& out, size_t from) {
        if (!shape_.sse) return;
        escape_line_separators(out, from);
        out += "\r\n\r\n";
    }

    // A part of its own for the signature that reasoning left: an empty text, as Gemini sends.
    void signature_chunk(std::string& out, const ReasoningState& state) {
        const size_t from = open_chunk(out);
        out += candidate_head;
        append_text_part(out, "", false, &state);
        append_candidate_tail(out, {});
        append_response_tail(out, identity_.model, identity_.id);
        close_chunk(out, from);
    }

    void part_chunk(std::string& out, std::string_view text, bool thought) {
        ++deltas_;
        const size_t from = open_chunk(out);
        out += candidate_head;
        append_text_part(out, text, thought);
        append_candidate_tail(out, {});
        append_response_tail(out, identity_.model, identity_.id);
        close_chunk(out, from);
    }

    ResponseIdentity identity_;
    ReplyShape shape_;
    Usage usage_;
    llmh_finish_reason finish_ = LLMH_FINISH_NONE;
    std::vector<HeldCall> calls_; // in the order they started
    uint64_t deltas_ = 0;
    bool started_ = false; // a chunk has been written
};

} // namespace

std::unique_ptr<ChatStreamEncoder> make_stream_encoder(ResponseIdentity identity, ReplyShape shape) {
    return std::make_unique<GeminiStreamEncoder>(std::move(identity), shape);
}

} // namespace llmhost::gateway::gemini_face
