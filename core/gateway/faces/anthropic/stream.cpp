// Canonical events -> the Messages stream's named events: message_start and a ping, then per content
// block content_block_start / content_block_delta (text_delta, thinking_delta,
// input_json_delta) / content_block_stop, then message_delta (stop_reason, usage) and
// message_stop.
//
// Blocks cannot interleave on this wire, while canonical tool calls may (their fragments
// carry an index). The first tool call streams live; a call that starts while another tool
// block is open is held and written whole once that block closes, so no fragment is lost.
#include "core/gateway/faces/anthropic/anthropic_face.hpp"
#include "core/gateway/faces/anthropic/names.hpp"

#include <llmhost/support/json_write.hpp>

#include <boost/json.hpp>

#include <vector>

namespace llmhost::gateway::anthropic_face {
namespace {

class AnthropicStreamEncoder final : public ChatStreamEncoder {
  public:
    explicit AnthropicStreamEncoder(ResponseIdentity identity) : identity_(std::move(identity)) {}

    void event(const llmh_event& e, std::string& out) override {
        const std::string_view text = view(e.text);
        switch (e.type) {
        case LLMH_EVENT_MESSAGE_START:
            if (!started_) {
                if (e.id.size) identity_.id.assign(view(e.id));
                if (e.name.size) identity_.model.assign(view(e.name));
            }
            break;
        case LLMH_EVENT_TEXT_DELTA:
            if (text.empty()) break;
            open_block(out, Block::text);
            delta(out, "{\"type\":\"text_delta\",\"text\":", text);
            break;
        case LLMH_EVENT_REASONING_DELTA:
            if (text.empty()) break;
            open_block(out, Block::thinking);
            delta(out, "{\"type\":\"thinking_delta\",\"thinking\":", text);
            break;
        case LLMH_EVENT_REASONING_STATE:
            if (e.index < 0) end_reasoning(out, reasoning_state_of(e)); // a tool call's state has no field here
            break;
        case LLMH_EVENT_TOOL_CALL_START: start_tool(out, e.index, view(e.id), view(e.name)); break;
        case LLMH_EVENT_TOOL_CALL_DELTA: tool_fragment(out, e.index, text); break;
        case LLMH_EVENT_USAGE: usage_ = usage_of(e); break;
        case LLMH_EVENT_FINISH: finish_ = static_cast<llmh_finish_reason>(e.finish_reason); break;
        default: break; // event types from newer plugins
        }
    }

    void finish(std::string& out) override {
        start_message(out);
        close_block(out);
        write_held_tools(out);
        boost::json::object usage{{"output_tokens", std::max<int64_t>(usage_.output_tokens, 0)}};
        if (usage_.input_tokens >= 0) usage = usage_json(usage_);
        boost::json::object delta{
            {"type", "message_delta"},
            {"delta", {{"stop_reason", stop_reason_name(finish_, tool_calls_ > 0)}, {"stop_sequence", nullptr}}},
            {"usage", std::move(usage)}};
        frame(out, "message_delta", boost::json::serialize(delta));
        frame(out, "message_stop", "{\"type\":\"message_stop\"}");
    }

    void fail(const GatewayError& error, std::string& out) override { out += render_stream_error(error); }

    uint64_t deltas() const override { return deltas_; }
    int64_t output_tokens() const override { return usage_.output_tokens; }

  private:
    enum class Block { none, text, thinking, tool };

    struct HeldTool {
        int index;
        std::string id, name, arguments;
    };

    static void frame(std::string& out, std::string_view name, std::string_view data) {
        out += "event: ";
        out += name;
        out += "\ndata: ";
        out += data;
        out += "\n\n";
    }

    void start_message(std::string& out) {
        if (started_) return;
        started_ = true;
        boost::json::object message{{"id", identity_.id},
                                    {"type", "message"},
                                    {"role", "assistant"},
                                    {"model", identity_.model},
                                    {"content", boost::json::array()},
                                    {"stop_reason", nullptr},
                                    {"stop_sequence", nullptr},
                                    {"usage", usage_json(usage_)}};
        frame(out, "message_start",
              boost::json::serialize(boost::json::object{{"type", "message_start"}, {"message", std::move(message)}}));
        frame(out, "ping", R"({"type":"ping"})"); // as Anthropic's own streams do; clients skip it
    }

    void block_start(std::string& out, std::string_view content_block) {
        std::string data = "{\"type\":\"content_block_start\",\"index\":";
        append_json_int(data, block_index_);
        data += ",\"content_block\":";
        data += content_block;
        data += "}";
        frame(out, "content_block_start", data);
    }

    void close_block(std::string& out) {
        if (open_ == Block::none) return;
        std::string data = "{\"type\":\"content_block_stop\",\"index\":";
        append_json_int(data, block_index_);
        data += "}";
        frame(out, "content_block_stop", data);
        open_ = Block::none;
        ++block_index_;
    }

    // Makes `kind` the open block (text or thinking), closing what was open before.
    void open_block(std::string& out, Block kind) {
        start_message(out);
        if (open_ == kind) return;
        close_block(out);
        write_held_tools(out);
        block_start(out, kind == Block::text ? "{\"type\":\"text\",\"text\":\"\"}"
                                             : "{\"type\":\"thinking\",\"thinking\":\"\"}");
        open_ = kind;
    }

    // The state that ends a reasoning block: the thinking block's signature_delta, or a
    // redacted_thinking block of its own.
    void end_reasoning(std::string& out, const ReasoningState& state) {
        if (is_redacted(state)) {
            start_message(out);
            close_block(out);
            write_held_tools(out);
            std::string block = "{\"type\":\"redacted_thinking\",\"data\":";
            append_json_string(block, state.data);
            block += '}';
            block_start(out, block);
            open_ = Block::thinking;
            close_block(out);
            return;
        }
        open_block(out, Block::thinking);
        std::string field;
        append_json_string(field, signature_field(state));
        std::string data = "{\"type\":\"content_block_delta\",\"index\":";
        append_json_int(data, block_index_);
        data += ",\"delta\":{\"type\":\"signature_delta\",\"signature\":";
        data += field;
        data += "}}";
        frame(out, "content_block_delta", data);
        close_block(out);
    }

    void delta(std::string& out, std::string_view delta_prefix, std::string_view text) {
        ++deltas_;
        std::string data = "{\"type\":\"content_block_delta\",\"index\":";
        append_json_int(data, block_index_);
        data += ",\"delta\":";
        data += delta_prefix;
        append_json_string(data, text);
        data += "}}";
        frame(out, "content_block_delta", data);
    }

    std::string tool_use_block(std::string_view id, std::string_view name) {
        std::string block = "{\"type\":\"tool_use\",\"id\":";
        append_json_string(block, id);
        block += ",\"name\":";
        append_json_string(block, name);
        block += ",\"input\":{}}";
        return block;
    }

    void start_tool(std::string& out, int index, std::string_view id, std::string_view name) {
        ++tool_calls_;
        start_message(out);
        if (open_ == Block::tool) { // another call is streaming: hold this one
            held_.push_back({index, std::string(id), std::string(name), {}});
            return;
        }
        close_block(out);
        write_held_tools(out);
        block_start(out, tool_use_block(id, name));
        open_ = Block::tool;
        open_tool_ = index;
    }

    void tool_fragment(std::string& out, int index, std::string_view fragment) {
        if (fragment.empty()) return;
        if (open_ == Block::tool && open_tool_ == index) {
            delta(out, "{\"type\":\"input_json_delta\",\"partial_json\":", fragment);
            return;
        }
        for (auto& held : held_)
            if (held.index == index) {
                held.arguments.append(fragment);
                return;
            }
        // Arguments for a call that never started: still a call, with a made-up id.
        start_tool(out, index, "toolu_" + std::to_string(index), {});
        tool_fragment(out, index, fragment);
    }

    void write_held_tools(std::string& out) {
        auto held = std::move(held_);
        held_.clear();
        for (const auto& call : held) {
            block_start(out, tool_use_block(call.id, call.name));
            open_ = Block::tool;
            if (!call.arguments.empty()) delta(out, "{\"type\":\"input_json_delta\",\"partial_json\":", call.arguments);
            close_block(out);
        }
    }

    ResponseIdentity identity_;
    Usage usage_;
    llmh_finish_reason finish_ = LLMH_FINISH_NONE;
    Block open_ = Block::none;
    int block_index_ = 0; // index of the open block, or of the next one
    int open_tool_ = -1;  // canonical index of the streaming tool call
    int tool_calls_ = 0;
    std::vector<HeldTool> held_;
    uint64_t deltas_ = 0;
    bool started_ = false;
};

} // namespace

std::unique_ptr<ChatStreamEncoder> make_stream_encoder(ResponseIdentity identity) {
    return std::make_unique<AnthropicStreamEncoder>(std::move(identity));
}

} // namespace llmhost::gateway::anthropic_face
