// OpenAI Chat Completions request -> canonical ChatRequest. Top-level fields it has no
// canonical place for travel on as the openai-chat extension (pass_through.hpp).
#include "core/gateway/faces/allowed_tools.hpp"
#include "core/gateway/faces/face_json.hpp"
#include "core/gateway/faces/image_source.hpp"
#include "core/gateway/faces/openai_chat/openai_chat_face.hpp"
#include "core/gateway/faces/pass_through.hpp"
#include "core/gateway/faces/reasoning_token.hpp"
#include "core/gateway/faces/routing_read.hpp"

#include <llmhost/protocol/openai/response.hpp>
#include <llmhost/support/json_read.hpp>

#include <array>

namespace llmhost::gateway::openai_face {
namespace {

using namespace face_json;

// The parts of a `content` that must be text only: a string, or an array of text parts.
std::vector<std::string> text_parts(const boost::json::value& content, const std::string& where) {
    if (content.is_string()) return {std::string(content.get_string())};
    std::vector<std::string> out;
    const auto& parts = as_array(content, where);
    for (size_t i = 0; i < parts.size(); ++i) {
        const std::string at = path(where, i);
        const auto& part = as_object(parts[i], at);
        const auto type = required_string(part, "type", at);
        if (type == "text")
            out.emplace_back(required_string(part, "text", at));
        else if (type == "refusal")
            out.emplace_back(string_field(part, "refusal", at).value_or(""));
        else
            throw_invalid("'" + path(at, "type") + "' must be \"text\" here, not \"" + std::string(type) + "\"",
                          path(at, "type"));
    }
    return out;
}

// Those parts joined, for turns that are one text.
std::string text_content(const boost::json::value& content, const std::string& where) {
    std::string text;
    for (auto& part : text_parts(content, where))
        text += part;
    return text;
}

ContentPart image_part(const boost::json::object& part, const std::string& at) {
    const auto* image = member(part, "image_url");
    if (!image) throw_invalid("'" + path(at, "image_url") + "' is required", path(at, "image_url"));
    // {"url": "..."} per the API; a bare string is what some clients send.
    const std::string where = path(at, "image_url");
    const std::string_view url =
        image->is_string() ? image->get_string() : required_string(as_object(*image, where), "url", where);
    return image_from_url(url, path(where, "url"));
}

void read_user_content(const boost::json::value& content, Message& m, const std::string& where) {
    if (content.is_string()) {
        m.content.push_back(ContentPart::make_text(std::string(content.get_string())));
        return;
    }
    const auto& parts = as_array(content, where);
    for (size_t i = 0; i < parts.size(); ++i) {
        const std::string at = path(where, i);
        const auto& part = as_object(parts[i], at);
        const auto type = required_string(part, "type", at);
        if (type == "text")
            m.content.push_back(ContentPart::make_text(std::string(required_string(part, "text", at))));
        else if (type == "image_url")
            m.content.push_back(image_part(part, at));
        else
            throw_invalid("content part type \"" + std::string(type) + "\" is not supported (text and image_url are)",
                          path(at, "type"));
    }
}

std::vector<ToolCall> read_tool_calls(const boost::json::array& calls, const std::string& where) {
    std::vector<ToolCall> out;
    for (size_t i = 0; i < calls.size(); ++i) {
        const std::string at = path(where, i);
        const auto& call = as_object(calls[i], at);
        const auto* function = object_field(call, "function", at);
        if (!function) throw_invalid("'" + path(at, "function") + "' is required", path(at, "function"));
        const std::string fat = path(at, "function");
        ToolCall c;
        c.id = std::string(required_string(call, "id", at));
        c.name = std::string(required_string(*function, "name", fat));
        // Arguments are JSON text; an object is accepted too (some clients send one).
        if (const auto* args = member(*function, "arguments"))
            c.arguments = args->is_string() ? std::string(args->get_string()) : boost::json::serialize(*args);
        out.push_back(std::move(c));
    }
    return out;
}

// The reasoning an assistant turn brings back: reasoning_content (reasoning_text, as Copilot
// clients say), and its state as reasoning_opaque — the field Copilot's API uses for the same
// purpose, so Copilot's own value is raw there and any other provider's a token.
void read_reasoning(const boost::json::object& o, const std::string& at, Message& m) {
    auto text = string_field(o, "reasoning_content", at);
    if (!text) text = string_field(o, "reasoning_text", at);
    const auto opaque = string_field(o, "reasoning_opaque", at);
    if (!text && !opaque) return;
    Reasoning r;
    r.text = std::string(text.value_or(""));
    if (opaque && !opaque->empty())
        r.state = reasoning_from_field(*opaque, [](std::string_view data) {
            return ReasoningState{std::string(copilot_reasoning_origin), {}, std::string(data), {}};
        });
    m.reasoning.push_back(std::move(r));
}

Message read_message(const boost::json::value& value, const std::string& at) {
    const auto& o = as_object(value, at);
    const auto role = required_string(o, "role", at);
    const auto* content = member(o, "content");
    const std::string content_at = path(at, "content");
    Message m;
    if (role == "system" || role == "developer") {
        m.role = Role::system;
        if (content) m.content.push_back(ContentPart::make_text(text_content(*content, content_at)));
    } else if (role == "user") {
        m.role = Role::user;
        if (!content) throw_invalid("'" + content_at + "' is required", content_at);
        read_user_content(*content, m, content_at);
    } else if (role == "assistant") {
        m.role = Role::assistant;
        if (content) {
            std::string text = text_content(*content, content_at);
            if (!text.empty()) m.content.push_back(ContentPart::make_text(std::move(text)));
        }
        if (const auto* calls = array_field(o, "tool_calls", at))
            m.tool_calls = read_tool_calls(*calls, path(at, "tool_calls"));
        read_reasoning(o, at, m);
    } else if (role == "tool") {
        m.role = Role::tool;
        m.tool_call_id = std::string(required_string(o, "tool_call_id", at));
        if (content) // the parts stay apart: providers with text blocks in tool results keep them
            for (auto& part : text_parts(*content, content_at))
                m.content.push_back(ContentPart::make_text(std::move(part)));
        m.name = std::string(string_field(o, "name", at).value_or(""));
    } else {
        throw_invalid("'" + path(at, "role") + "' must be system, developer, user, assistant or tool, not \"" +
                          std::string(role) + "\"",
                      path(at, "role"));
    }
    return m;
}

ToolDefinition read_tool(const boost::json::value& value, const std::string& at) {
    const auto& o = as_object(value, at);
    const auto type = string_field(o, "type", at).value_or("function");
    if (type != "function")
        throw_invalid("tool type \"" + std::string(type) + "\" is not supported (only \"function\" is)",
                      path(at, "type"));
    const auto* function = object_field(o, "function", at);
    if (!function) throw_invalid("'" + path(at, "function") + "' is required", path(at, "function"));
    const std::string fat = path(at, "function");
    ToolDefinition t;
    t.name = std::string(required_string(*function, "name", fat));
    t.description = std::string(string_field(*function, "description", fat).value_or(""));
    if (const auto* params = object_field(*function, "parameters", fat)) t.parameters = *params;
    return t;
}

// "auto", "none", "required", {type: function, function: {name}}, or {type: allowed_tools,
// allowed_tools: {mode}} (its mode is kept, and only its tools are offered: see allowed_tools_of).
std::string read_tool_choice(const boost::json::value& v) {
    const auto mode = [](std::string_view s, std::string_view at) {
        if (s != "auto" && s != "none" && s != "required")
            throw_invalid("'" + std::string(at) + "' must be \"auto\", \"none\", \"required\" or a function",
                          std::string(at));
        return std::string(s);
    };
    if (v.is_string()) return mode(v.get_string(), "tool_choice");
    const auto& o = as_object(v, "tool_choice");
    if (string_field(o, "type", "tool_choice") == "allowed_tools") {
        const auto* allowed = object_field(o, "allowed_tools", "tool_choice");
        return allowed ? mode(string_field(*allowed, "mode", "tool_choice.allowed_tools").value_or("auto"),
                              "tool_choice.allowed_tools.mode")
                       : "auto";
    }
    const auto* function = object_field(o, "function", "tool_choice");
    if (!function) throw_invalid("'tool_choice.function' is required", "tool_choice.function");
    return std::string(required_string(*function, "name", "tool_choice.function"));
}

// The list of {type: allowed_tools, allowed_tools: {tools}}, or nullptr for any other choice.
const boost::json::array* allowed_tools_of(const boost::json::value& choice) {
    const auto* o = choice.if_object();
    if (!o || json_read::string_member(*o, "type") != "allowed_tools") return nullptr;
    const auto* allowed = json_read::object_member(*o, "allowed_tools");
    return allowed ? json_read::array_member(*allowed, "tools") : nullptr;
}

ResponseFormat read_response_format(const boost::json::object& o) {
    const auto type = required_string(o, "type", "response_format");
    ResponseFormat f;
    if (type == "text") return f;
    if (type == "json_object") {
        f.kind = ResponseFormat::Kind::json_object;
        return f;
    }
    if (type != "json_schema")
        throw_invalid("'response_format.type' must be text, json_object or json_schema", "response_format.type");
    const auto* spec = object_field(o, "json_schema", "response_format");
    if (!spec) throw_invalid("'response_format.json_schema' is required", "response_format.json_schema");
    f.kind = ResponseFormat::Kind::json_schema;
    f.name = std::string(string_field(*spec, "name", "response_format.json_schema").value_or(""));
    if (const auto* schema = object_field(*spec, "schema", "response_format.json_schema")) f.schema = *schema;
    f.strict = bool_field(*spec, "strict", "response_format.json_schema").value_or(false);
    return f;
}

std::vector<std::string> read_stop(const boost::json::value& v) {
    if (v.is_string()) return {std::string(v.get_string())};
    std::vector<std::string> out;
    const auto& items = as_array(v, "stop");
    for (size_t i = 0; i < items.size(); ++i)
        out.emplace_back(as_string(items[i], path("stop", i)));
    return out;
}

// The top-level fields read into the canonical request; every other one is passed through.
// safety_identifier is passed through too (it also names the user when `user` does not), and
// so is stream_options: the face reads include_usage for itself, and whether the upstream is
// asked for usage is the provider's to decide (its writer keeps its own stream_options).
constexpr auto read_fields = std::to_array<std::string_view>(
    {"model", "messages", "tools", "tool_choice", "parallel_tool_calls", "response_format", "temperature", "top_p",
     "max_completion_tokens", "max_tokens", "stop", "reasoning_effort", "n", "stream", "user", "service_tier",
     "prompt_cache_key"});

std::string text_field(const boost::json::object& o, std::string_view key) {
    return std::string(string_field(o, key).value_or(""));
}

// What an agent's body is mostly made of; the routing read leaves them as they were written.
constexpr auto large_fields = std::to_array<std::string_view>({"messages", "tools"});

// Every field read into the canonical request but the large ones, from `o`: the whole body, or
// its top level without them. An allowed_tools choice narrows the tools read before it.
void read_settings(const boost::json::object& o, FaceChatRequest& out) {
    ChatRequest& r = out.chat;
    r.model = std::string(string_field(o, "model").value_or(""));
    if (const auto* choice = member(o, "tool_choice")) {
        r.tool_choice = read_tool_choice(*choice);
        if (const auto* allowed = allowed_tools_of(*choice)) keep_allowed_tools(r.tools, allowed_tool_names(*allowed));
    }
    if (const auto* format = object_field(o, "response_format")) {
        ResponseFormat f = read_response_format(*format);
        if (f.kind != ResponseFormat::Kind::text) r.response_format = std::move(f);
    }
    r.parallel_tool_calls = bool_field(o, "parallel_tool_calls");
    r.temperature = number_field(o, "temperature");
    r.top_p = number_field(o, "top_p");
    r.max_tokens = integer_field(o, "max_completion_tokens");
    if (!r.max_tokens) r.max_tokens = integer_field(o, "max_tokens");
    if (r.max_tokens && *r.max_tokens <= 0) throw_invalid("'max_tokens' must be positive", "max_tokens");
    if (const auto* stop = member(o, "stop")) r.stop = read_stop(*stop);
    if (const auto effort = string_field(o, "reasoning_effort"))
        r.reasoning = ReasoningOptions{std::string(*effort), {}};
    if (const auto n = integer_field(o, "n"); n && *n != 1) throw_invalid("only n = 1 is supported", "n");
    out.stream = bool_field(o, "stream").value_or(false);
    r.stream = out.stream;
    if (const auto* options = object_field(o, "stream_options"))
        out.include_usage = bool_field(*options, "include_usage", "stream_options").value_or(false);
    r.prompt_cache_key = text_field(o, "prompt_cache_key");
    r.user = text_field(o, "user");
    if (r.user.empty()) r.user = text_field(o, "safety_identifier");
    r.service_tier = text_field(o, "service_tier");
    // The session for affinity: the prompt cache it names, else the end user.
    out.session = r.prompt_cache_key.empty() ? r.user : r.prompt_cache_key;
}

} // namespace

FaceChatRequest parse_chat_request(std::string_view body, std::string_view openai_beta) {
    json_read::ScratchArena arena; // the document is read into the canonical request and dropped
    const boost::json::object o = parse_body(body, arena.storage());
    FaceChatRequest out;
    ChatRequest& r = out.chat;
    const auto* messages = array_field(o, "messages");
    if (!messages || messages->empty()) throw_invalid("'messages' is required and must not be empty", "messages");
    for (size_t i = 0; i < messages->size(); ++i)
        r.messages.push_back(read_message((*messages)[i], path("messages", i)));
    if (const auto* tools = array_field(o, "tools"))
        for (size_t i = 0; i < tools->size(); ++i)
            r.tools.push_back(read_tool((*tools)[i], path("tools", i)));
    read_settings(o, out);
    r.extension = pass_through(o, read_fields, wire_protocol::openai_chat, "OpenAI-Beta", openai_beta);
    if (!carries_wrapped_state(body)) out.wire_protocol = wire_protocol::openai_chat;
    return out;
}

std::optional<FaceChatRequest> parse_chat_routing(std::string_view body, std::string_view openai_beta) {
    static constexpr WireBodyLayout layout{wire_protocol::openai_chat, read_fields, large_fields, "\"image_url\"",
                                           "OpenAI-Beta"};
    return read_for_routing(body, layout, openai_beta, read_settings);
}

} // namespace llmhost::gateway::openai_face
