// Canonical ChatResponse -> a whole GenerateContentResponse, and the pieces of one that the
// stream frames share. Written as text rather than built as a boost::json tree, like the
// OpenAI face: this runs once per request on the gateway's hot path.
#include "core/gateway/faces/gemini/gemini_face.hpp"
#include "core/gateway/faces/gemini/names.hpp"
#include "core/gateway/faces/reasoning_token.hpp"
#include "core/gateway/faces/response_id.hpp"
#include "core/gateway/faces/tool_arguments.hpp"

#include <llmhost/support/json_write.hpp>

#include <algorithm>

namespace llmhost::gateway::gemini_face {
namespace {

int64_t known(int64_t count) { return std::max<int64_t>(count, 0); }

} // namespace

void append_candidate_tail(std::string& out, std::string_view finish_reason) {
    out += "]}";
    if (!finish_reason.empty()) {
        out += ",\"finishReason\":\"";
        out += finish_reason;
        out += '"';
    }
    out += ",\"index\":0}]";
}

void append_text_part(std::string& out, std::string_view text, bool thought, const ReasoningState* state) {
    out += "{\"text\":";
    append_json_string(out, text);
    if (thought) out += ",\"thought\":true";
    append_signature(out, state);
    out += '}';
}

void append_signature(std::string& out, const ReasoningState* state) {
    if (!state || state->empty()) return;
    out += ",\"thoughtSignature\":";
    append_json_string(
        out, reasoning_field(*state, reasoning_origin::gemini, [](const ReasoningState& s) { return s.signature; }));
}

void append_function_call_part(std::string& out, const ToolCall& call) {
    out += "{\"functionCall\":{\"name\":";
    append_json_string(out, call.name);
    out += ",\"args\":";
    append_json_value(out, arguments_object(call.arguments));
    if (!call.id.empty()) {
        out += ",\"id\":";
        append_json_string(out, call.id);
    }
    out += '}';
    append_signature(out, &call.state);
    out += '}';
}

void append_usage_metadata(std::string& out, const Usage& u) {
    const int64_t thoughts = known(u.reasoning_tokens);
    out += "{\"promptTokenCount\":";
    append_json_int(out, known(u.input_tokens));
    out += ",\"candidatesTokenCount\":";
    append_json_int(out, std::max<int64_t>(known(u.output_tokens) - thoughts, 0));
    out += ",\"totalTokenCount\":";
    append_json_int(out, known(u.input_tokens) + known(u.output_tokens));
    if (u.cached_input_tokens >= 0) {
        out += ",\"cachedContentTokenCount\":";
        append_json_int(out, u.cached_input_tokens);
    }
    if (u.reasoning_tokens >= 0) {
        out += ",\"thoughtsTokenCount\":";
        append_json_int(out, u.reasoning_tokens);
    }
    out += '}';
}

void append_response_tail(std::string& out, std::string_view model, std::string_view id) {
    out += ",\"modelVersion\":";
    append_json_string(out, model);
    out += ",\"responseId\":";
    append_json_string(out, id);
    out += '}';
}

std::string render_generate_response(const ChatResponse& r, const ResponseIdentity& identity, const ReplyShape& shape) {
    std::string out;
    out.reserve(512 + r.text.size() + r.reasoning.size());
    out += candidate_head;
    const size_t parts_from = out.size();
    auto next_part = [&] {
        if (out.size() > parts_from) out += ',';
    };
    if (shape.include_thoughts && !r.reasoning.empty()) append_text_part(out, r.reasoning, true);
    for (const auto& block : r.reasoning_blocks) // the signatures reasoning left, each on a part of its own
        if (!block.state.empty()) {
            next_part();
            append_text_part(out, "", false, &block.state);
        }
    if (!r.text.empty()) {
        next_part();
        append_text_part(out, r.text, false);
    }
    for (const auto& call : r.tool_calls) {
        next_part();
        append_function_call_part(out, call);
    }
    // Clients read candidates[0].content.parts[0]: an empty reply still has a part.
    if (out.size() == parts_from) append_text_part(out, "", false);
    append_candidate_tail(out, finish_reason_name(r.finish_reason));
    out += ",\"usageMetadata\":";
    append_usage_metadata(out, r.usage);
    append_response_tail(out, r.model.empty() ? identity.model : r.model, r.id.empty() ? identity.id : r.id);
    return out;
}

std::string render_token_count(int64_t input_tokens) {
    std::string out = "{\"totalTokens\":";
    append_json_int(out, input_tokens);
    out += '}';
    return out;
}

// Google's response ids are bare random strings; so are these.
std::string new_response_id() { return random_id("", 24); }

} // namespace llmhost::gateway::gemini_face
