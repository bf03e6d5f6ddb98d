// Canonical ChatResponse -> an OpenAI chat.completion object.
#include "core/gateway/faces/openai_chat/names.hpp"
#include "core/gateway/faces/openai_chat/openai_chat_face.hpp"
#include "core/gateway/faces/reasoning_token.hpp"
#include "core/gateway/faces/response_id.hpp"

#include <llmhost/protocol/openai/request.hpp>
#include <llmhost/protocol/openai/response.hpp>
#include <llmhost/support/json_write.hpp>

#include <algorithm>

namespace llmhost::gateway::openai_face {
namespace {

int64_t known(int64_t count) { return std::max<int64_t>(count, 0); }

} // namespace

void append_usage_json(std::string& out, const Usage& u) {
    out += "{\"prompt_tokens\":";
    append_json_int(out, known(u.input_tokens));
    out += ",\"completion_tokens\":";
    append_json_int(out, known(u.output_tokens));
    out += ",\"total_tokens\":";
    append_json_int(out, known(u.input_tokens) + known(u.output_tokens));
    if (u.cached_input_tokens >= 0 || u.cache_write_tokens >= 0) {
        // cache_write_tokens where OpenRouter puts it: OpenAI's shape has no field of its own.
        out += ",\"prompt_tokens_details\":{";
        if (u.cached_input_tokens >= 0) {
            out += "\"cached_tokens\":";
            append_json_int(out, u.cached_input_tokens);
        }
        if (u.cache_write_tokens >= 0) {
            out += u.cached_input_tokens >= 0 ? ",\"cache_write_tokens\":" : "\"cache_write_tokens\":";
            append_json_int(out, u.cache_write_tokens);
        }
        out += "}";
    }
    if (u.reasoning_tokens >= 0) {
        out += ",\"completion_tokens_details\":{\"reasoning_tokens\":";
        append_json_int(out, u.reasoning_tokens);
        out += "}";
    }
    out += "}";
}

std::string reasoning_opaque_field(const ReasoningState& state) {
    if (state.origin == copilot_reasoning_origin && state.data.empty()) return {};
    return reasoning_field(state, copilot_reasoning_origin, [](const ReasoningState& s) { return s.data; });
}

// Written as text rather than built as a boost::json tree: this runs once per request on
// the gateway's hot path, and a tree costs an allocation per field.
std::string render_chat_completion(const ChatResponse& r, const ResponseIdentity& identity) {
    std::string out;
    out.reserve(512 + r.text.size() + r.reasoning.size());
    out += "{\"id\":";
    append_json_string(out, r.id.empty() ? identity.id : r.id);
    out += ",\"object\":\"chat.completion\",\"created\":";
    append_json_int(out, identity.created);
    out += ",\"model\":";
    append_json_string(out, r.model.empty() ? identity.model : r.model);
    out += ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":";
    if (r.text.empty() && !r.tool_calls.empty())
        out += "null";
    else
        append_json_string(out, r.text);
    if (!r.reasoning.empty()) {
        out += ",\"reasoning_content\":";
        append_json_string(out, r.reasoning);
    }
    // The state the reasoning must go back with (the last block's: this shape has one field).
    for (auto block = r.reasoning_blocks.rbegin(); block != r.reasoning_blocks.rend(); ++block)
        if (const std::string opaque = reasoning_opaque_field(block->state); !opaque.empty()) {
            out += ",\"reasoning_opaque\":";
            append_json_string(out, opaque);
            break;
        }
    if (!r.tool_calls.empty()) {
        out += ",\"tool_calls\":";
        append_json_array(out, r.tool_calls, append_openai_tool_call);
    }
    out += "},\"finish_reason\":\"";
    out += finish_reason_name(r.finish_reason, !r.tool_calls.empty());
    out += "\",\"logprobs\":null}],\"usage\":";
    append_usage_json(out, r.usage);
    out += "}";
    return out;
}

std::string new_completion_id() { return random_id("chatcmpl-", 24); }

} // namespace llmhost::gateway::openai_face
