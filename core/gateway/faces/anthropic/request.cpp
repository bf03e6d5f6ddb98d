// Anthropic Messages request -> canonical ChatRequest.
#include "core/gateway/faces/anthropic/anthropic_face.hpp"
#include "core/gateway/faces/face_json.hpp"
#include "core/gateway/faces/image_source.hpp"
#include "core/gateway/faces/pass_through.hpp"
#include "core/gateway/faces/reasoning_token.hpp"
#include "core/gateway/faces/routing_read.hpp"

#include <llmhost/support/json_read.hpp>

#include <array>
#include <map>

namespace llmhost::gateway::anthropic_face {
namespace {

using namespace face_json;

// A block's or tool's cache_control ({"type":"ephemeral","ttl"?}) as a breakpoint.
std::optional<CacheMark> cache_mark(const boost::json::object& o, const std::string& at) {
    const auto* control = object_field(o, "cache_control", at);
    if (!control) return std::nullopt;
    const std::string cat = path(at, "cache_control");
    if (required_string(*control, "type", cat) != "ephemeral")
        throw_invalid("'" + path(cat, "type") + "' must be \"ephemeral\"", path(cat, "type"));
    return CacheMark{std::string(string_field(*control, "ttl", cat).value_or(""))};
}

ContentPart image_block(const boost::json::object& block, const std::string& at) {
    const auto* source = object_field(block, "source", at);
    if (!source) throw_invalid("'" + path(at, "source") + "' is required", path(at, "source"));
    const std::string sat = path(at, "source");
    ContentPart part;
    part.kind = ContentPart::Kind::image;
    const auto type = required_string(*source, "type", sat);
    if (type == "base64") {
        part.media_type = std::string(required_string(*source, "media_type", sat));
        part.data = std::string(required_string(*source, "data", sat));
    } else if (type == "url") {
        // The same rule as the other faces: http(s) or data: only, never file:, ftp:, gopher:...
        part = image_from_url(required_string(*source, "url", sat), path(sat, "url"));
    } else {
        throw_invalid("image source type \"" + std::string(type) + "\" is not supported (base64 and url are)",
                      path(sat, "type"));
    }
    return part;
}

// Text and image blocks (what a tool_result's content may hold too), with their breakpoints.
void read_plain_block(const boost::json::object& block, std::string_view type, Message& m, const std::string& at) {
    if (type == "text")
        m.content.push_back(ContentPart::make_text(std::string(required_string(block, "text", at))));
    else if (type == "image")
        m.content.push_back(image_block(block, at));
    else
        throw_invalid("content block type \"" + std::string(type) + "\" is not supported here", path(at, "type"));
    m.content.back().cache = cache_mark(block, at);
}

Message tool_result(const boost::json::object& block, const std::string& at,
                    const std::map<std::string, std::string, std::less<>>& tool_names) {
    Message m;
    m.role = Role::tool;
    m.tool_call_id = std::string(required_string(block, "tool_use_id", at));
    if (auto it = tool_names.find(m.tool_call_id); it != tool_names.end()) m.name = it->second;
    m.is_error = bool_field(block, "is_error", at).value_or(false);
    m.cache = cache_mark(block, at);
    if (const auto* content = member(block, "content")) {
        const std::string cat = path(at, "content");
        if (content->is_string())
            m.content.push_back(ContentPart::make_text(std::string(content->get_string())));
        else {
            const auto& blocks = as_array(*content, cat);
            for (size_t i = 0; i < blocks.size(); ++i) {
                const std::string bat = path(cat, i);
                const auto& b = as_object(blocks[i], bat);
                read_plain_block(b, required_string(b, "type", bat), m, bat);
            }
        }
    }
    return m;
}

// A thinking block (its signature: Anthropic's own, or a token carrying another provider's
// state) or a redacted_thinking block (Anthropic's encrypted reasoning).
Reasoning reasoning_block(const boost::json::object& block, std::string_view type, const std::string& at) {
    const auto anthropic = [](std::string signature, std::string data) {
        return ReasoningState{std::string(reasoning_origin::anthropic), std::move(signature), std::move(data), {}};
    };
    if (type == "redacted_thinking") return {{}, anthropic({}, std::string(required_string(block, "data", at)))};
    Reasoning r;
    r.text = std::string(string_field(block, "thinking", at).value_or(""));
    r.state = reasoning_from_field(string_field(block, "signature", at).value_or(""),
                                   [&](std::string_view signature) { return anthropic(std::string(signature), {}); });
    return r;
}

// One wire message; a user turn with tool results yields the tool messages first.
void read_message(const boost::json::value& value, const std::string& at, std::vector<Message>& out,
                  std::map<std::string, std::string, std::less<>>& tool_names) {
    const auto& o = as_object(value, at);
    const auto role = required_string(o, "role", at);
    if (role != "user" && role != "assistant" && role != "system")
        throw_invalid("'" + path(at, "role") + "' must be \"user\", \"assistant\" or \"system\"", path(at, "role"));
    Message m;
    // Claude Code sends system messages between turns; they stay in place, and each provider
    // keeps them there or folds them into its system prompt (see the README).
    m.role = role == "user" ? Role::user : role == "assistant" ? Role::assistant : Role::system;
    const auto* content = member(o, "content");
    const std::string cat = path(at, "content");
    if (!content) throw_invalid("'" + cat + "' is required", cat);
    if (content->is_string()) {
        m.content.push_back(ContentPart::make_text(std::string(content->get_string())));
        out.push_back(std::move(m));
        return;
    }
    const auto& blocks = as_array(*content, cat);
    for (size_t i = 0; i < blocks.size(); ++i) {
        const std::string bat = path(cat, i);
        const auto& block = as_object(blocks[i], bat);
        const auto type = required_string(block, "type", bat);
        if (type == "tool_use" && m.role == Role::assistant) {
            ToolCall call;
            call.id = std::string(required_string(block, "id", bat));
            call.name = std::string(required_string(block, "name", bat));
            const auto* input = member(block, "input");
            call.arguments = input ? boost::json::serialize(as_object(*input, path(bat, "input"))) : "{}";
            call.cache = cache_mark(block, bat);
            tool_names[call.id] = call.name;
            m.tool_calls.push_back(std::move(call));
        } else if (type == "tool_result" && m.role == Role::user) {
            out.push_back(tool_result(block, bat, tool_names));
        } else if ((type == "tool_use" || type == "tool_result") && m.role == Role::system) {
            throw_invalid("a system message cannot hold \"" + std::string(type) + "\" blocks", path(bat, "type"));
        } else if ((type == "thinking" || type == "redacted_thinking") && m.role == Role::assistant) {
            m.reasoning.push_back(reasoning_block(block, type, bat));
        } else {
            read_plain_block(block, type, m, bat);
        }
    }
    if (!m.content.empty() || !m.tool_calls.empty() || !m.reasoning.empty()) out.push_back(std::move(m));
}

// `system`: a string, or text blocks, each a part of its own with its breakpoint. Empty
// text is left out; no text at all is no system message.
void read_system(const boost::json::value& v, std::vector<Message>& out) {
    Message m;
    m.role = Role::system;
    if (v.is_string()) {
        if (!v.get_string().empty()) m.content.push_back(ContentPart::make_text(std::string(v.get_string())));
    } else {
        const auto& blocks = as_array(v, "system");
        for (size_t i = 0; i < blocks.size(); ++i) {
            const std::string at = path("system", i);
            const auto& block = as_object(blocks[i], at);
            if (required_string(block, "type", at) != "text") throw_invalid("'" + at + "' must be a text block", at);
            if (required_string(block, "text", at).empty()) continue;
            read_plain_block(block, "text", m, at);
        }
    }
    if (!m.content.empty()) out.push_back(std::move(m));
}

// A client tool; nullopt for a server tool (web search, code execution...: a versioned type),
// which no provider behind the canonical model can run.
std::optional<ToolDefinition> read_tool(const boost::json::value& value, const std::string& at) {
    const auto& o = as_object(value, at);
    if (const auto type = string_field(o, "type", at); type && *type != "custom") return std::nullopt;
    ToolDefinition t;
    t.name = std::string(required_string(o, "name", at));
    t.description = std::string(string_field(o, "description", at).value_or(""));
    const auto* schema = object_field(o, "input_schema", at);
    if (!schema) throw_invalid("'" + path(at, "input_schema") + "' is required", path(at, "input_schema"));
    t.parameters = *schema;
    t.cache = cache_mark(o, at);
    return t;
}

// tool_choice: auto, any (canonical "required"), none, or {type: tool, name}; its
// disable_parallel_tool_use is the canonical parallel_tool_calls turned around.
void read_tool_choice(const boost::json::object& o, ChatRequest& r) {
    const auto type = required_string(o, "type", "tool_choice");
    if (type == "auto" || type == "none")
        r.tool_choice = std::string(type);
    else if (type == "any")
        r.tool_choice = "required";
    else if (type == "tool")
        r.tool_choice = std::string(required_string(o, "name", "tool_choice"));
    else
        throw_invalid("'tool_choice.type' must be auto, any, none or tool", "tool_choice.type");
    if (const auto disable = bool_field(o, "disable_parallel_tool_use", "tool_choice"))
        r.parallel_tool_calls = !*disable;
}

// output_config.effort as a canonical effort ("max" is the most there is elsewhere: "high").
std::string read_effort(const boost::json::object& request) {
    const auto* config = object_field(request, "output_config");
    const auto effort = config ? string_field(*config, "effort", "output_config") : std::nullopt;
    if (!effort) return {};
    if (*effort == "low" || *effort == "medium" || *effort == "high") return std::string(*effort);
    if (*effort == "max") return "high";
    throw_invalid("'output_config.effort' must be low, medium, high or max", "output_config.effort");
}

std::optional<ReasoningOptions> read_thinking(const boost::json::object& o, const std::string& effort) {
    const auto type = required_string(o, "type", "thinking");
    if (type == "disabled") return std::nullopt;
    // Adaptive: the model decides how much to think; the effort (default medium) is the
    // nearest canonical request.
    if (type == "adaptive") return ReasoningOptions{effort.empty() ? "medium" : effort, {}};
    if (type != "enabled")
        throw_invalid("'thinking.type' must be \"enabled\", \"adaptive\" or \"disabled\"", "thinking.type");
    const auto budget = integer_field(o, "budget_tokens", "thinking");
    if (!budget || *budget <= 0)
        throw_invalid("'thinking.budget_tokens' must be a positive integer", "thinking.budget_tokens");
    return ReasoningOptions{{}, budget};
}

// The top-level fields read into the canonical request; every other one is passed through.
constexpr auto read_fields = std::to_array<std::string_view>(
    {"model", "max_tokens", "system", "messages", "tools", "tool_choice", "stop_sequences", "temperature", "top_p",
     "top_k", "thinking", "output_config", "metadata", "service_tier", "stream"});

// What an agent's body is mostly made of; the routing read leaves them as they were written.
constexpr auto large_fields = std::to_array<std::string_view>({"messages", "system", "tools"});

// Every field read into the canonical request but the large ones, from `o`: the whole body, or
// its top level without them.
void read_settings(const boost::json::object& o, FaceChatRequest& out, bool for_counting) {
    ChatRequest& r = out.chat;
    r.model = std::string(required_string(o, "model"));
    const auto max_tokens = integer_field(o, "max_tokens");
    if (!max_tokens && !for_counting) throw_invalid("'max_tokens' is required", "max_tokens");
    if (max_tokens && *max_tokens <= 0) throw_invalid("'max_tokens' must be positive", "max_tokens");
    r.max_tokens = max_tokens;
    if (const auto* choice = object_field(o, "tool_choice")) read_tool_choice(*choice, r);
    if (const auto* stop = array_field(o, "stop_sequences"))
        for (size_t i = 0; i < stop->size(); ++i)
            r.stop.emplace_back(as_string((*stop)[i], path("stop_sequences", i)));
    r.temperature = number_field(o, "temperature");
    r.top_p = number_field(o, "top_p");
    r.top_k = integer_field(o, "top_k");
    r.service_tier = std::string(string_field(o, "service_tier").value_or(""));
    const std::string effort = read_effort(o);
    if (const auto* thinking = object_field(o, "thinking")) r.reasoning = read_thinking(*thinking, effort);
    if (const auto* metadata = object_field(o, "metadata")) {
        r.user = std::string(string_field(*metadata, "user_id", "metadata").value_or(""));
        out.session = r.user;
    }
    if (const auto* config = object_field(o, "output_config"))
        if (const auto* format = object_field(*config, "format", "output_config")) {
            if (required_string(*format, "type", "output_config.format") != "json_schema")
                throw_invalid("'output_config.format.type' must be \"json_schema\"", "output_config.format.type");
            ResponseFormat f;
            f.kind = ResponseFormat::Kind::json_schema;
            if (const auto* schema = object_field(*format, "schema", "output_config.format")) f.schema = *schema;
            r.response_format = std::move(f);
        }
    out.stream = bool_field(o, "stream").value_or(false);
    r.stream = out.stream;
}

} // namespace

FaceChatRequest parse_messages_request(std::string_view body, bool for_counting, std::string_view anthropic_beta) {
    json_read::ScratchArena arena; // the document is read into the canonical request and dropped
    const boost::json::object o = parse_body(body, arena.storage());
    FaceChatRequest out;
    read_settings(o, out, for_counting);
    ChatRequest& r = out.chat;
    if (const auto* system = member(o, "system")) read_system(*system, r.messages);
    const auto* messages = array_field(o, "messages");
    if (!messages || messages->empty()) throw_invalid("'messages' is required and must not be empty", "messages");
    std::map<std::string, std::string, std::less<>> tool_names; // tool_use id -> tool name
    for (size_t i = 0; i < messages->size(); ++i)
        read_message((*messages)[i], path("messages", i), r.messages, tool_names);
    if (const auto* tools = array_field(o, "tools")) {
        std::string left_out;
        for (size_t i = 0; i < tools->size(); ++i) {
            if (auto tool = read_tool((*tools)[i], path("tools", i)))
                r.tools.push_back(std::move(*tool));
            else
                left_out +=
                    (left_out.empty() ? "" : ", ") + std::string((*tools)[i].as_object().at("type").as_string());
        }
        if (!left_out.empty()) out.notes.emplace_back("X-Llmhost-Tools-Left-Out", std::move(left_out));
    }
    r.extension = pass_through(o, read_fields, wire_protocol::anthropic_messages, "anthropic-beta", anthropic_beta);
    if (!for_counting && !carries_wrapped_state(body)) out.wire_protocol = wire_protocol::anthropic_messages;
    return out;
}

std::optional<FaceChatRequest> parse_messages_routing(std::string_view body, std::string_view anthropic_beta) {
    static constexpr WireBodyLayout layout{wire_protocol::anthropic_messages, read_fields, large_fields, "\"image\"",
                                           "anthropic-beta"};
    return read_for_routing(body, layout, anthropic_beta, [](const boost::json::object& top, FaceChatRequest& out) {
        read_settings(top, out, false);
    });
}

} // namespace llmhost::gateway::anthropic_face
