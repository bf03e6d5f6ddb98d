// Canonical ChatResponse -> an Anthropic message object.
#include "core/gateway/faces/anthropic/anthropic_face.hpp"
#include "core/gateway/faces/anthropic/names.hpp"
#include "core/gateway/faces/response_id.hpp"
#include "core/gateway/faces/tool_arguments.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace llmhost::gateway::anthropic_face {

boost::json::object usage_json(const Usage& u) {
    // Canonical input_tokens counts every input token, cache reads and writes included (what
    // the OpenAI faces report as is). Anthropic reports both beside an input_tokens that
    // excludes them, so they are taken out here: a client adding the three up gets the
    // canonical total back.
    const int64_t read = std::max<int64_t>(u.cached_input_tokens, 0);
    const int64_t written = std::max<int64_t>(u.cache_write_tokens, 0);
    boost::json::object o{{"input_tokens", std::max<int64_t>(u.input_tokens - read - written, 0)},
                          {"output_tokens", std::max<int64_t>(u.output_tokens, 0)}};
    if (u.cache_write_tokens >= 0) o["cache_creation_input_tokens"] = u.cache_write_tokens;
    if (u.cached_input_tokens >= 0) o["cache_read_input_tokens"] = u.cached_input_tokens;
    return o;
}

std::string render_message(const ChatResponse& r, const ResponseIdentity& identity) {
    boost::json::array content;
    for (const auto& block : r.reasoning_blocks)
        if (is_redacted(block.state))
            content.push_back({{"type", "redacted_thinking"}, {"data", block.state.data}});
        else
            content.push_back(
                {{"type", "thinking"}, {"thinking", block.text}, {"signature", signature_field(block.state)}});
    if (!r.text.empty()) content.push_back({{"type", "text"}, {"text", r.text}});
    for (const auto& c : r.tool_calls)
        content.push_back(
            {{"type", "tool_use"}, {"id", c.id}, {"name", c.name}, {"input", arguments_object(c.arguments)}});
    boost::json::object usage = usage_json(r.usage);
    boost::json::object o{{"id", r.id.empty() ? identity.id : r.id},
                          {"type", "message"},
                          {"role", "assistant"},
                          {"model", r.model.empty() ? identity.model : r.model},
                          {"content", std::move(content)},
                          {"stop_reason", stop_reason_name(r.finish_reason, !r.tool_calls.empty())},
                          {"stop_sequence", nullptr},
                          {"usage", std::move(usage)}};
    return boost::json::serialize(o);
}

std::string new_message_id() { return random_id("msg_", 24); }

} // namespace llmhost::gateway::anthropic_face
