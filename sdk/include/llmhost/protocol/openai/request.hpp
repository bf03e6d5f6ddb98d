// Canonical requests -> OpenAI Chat Completions / Embeddings wire bodies (docs/protocols/openai-chat.md).
// Shared by every plugin that speaks the OpenAI-compatible protocol (openai family, Azure,
// Copilot, Docker Model Runner); the knobs in OpenAIWireOptions cover where clones differ.
//
// Request 2 fields go as OpenAI names them (top_p, parallel_tool_calls, user, service_tier,
// prompt_cache_key), sent only when the client set them: a clone that refuses one refuses a
// field its own client asked for. Cache marks are left out (OpenAI caches by itself); top_k
// has no OpenAI field. What a Chat Completions client sent beyond the canonical model (the
// openai-chat extension) is merged in under the body's own fields.
#pragma once

#include <llmhost/chat.hpp>
#include <llmhost/support/json_write.hpp>
#include <llmhost/support/wire_extension.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace llmhost {

struct OpenAIWireOptions {
    // OpenAI's reasoning models reject `max_tokens`; most clones only know `max_tokens`.
    enum class MaxTokensField { max_tokens, max_completion_tokens };
    MaxTokensField max_tokens_field = MaxTokensField::max_tokens;
    // Ask for the usage chunk at the end of a stream (stream_options.include_usage).
    bool include_usage = true;
    // Give a tool without a description "Function <name>": engines whose chat templates
    // render descriptions (llama.cpp under Docker Model Runner) refuse empty ones.
    bool name_undescribed_tools = false;
    // Reasoning of this origin goes back on the assistant turn it came with (see
    // openai_chat_reasoning_origin); "" sends none.
    std::string reasoning_origin;
    // The field its text goes back in: DeepSeek's reasoning_content, or Copilot's
    // reasoning_text. Its state's data, when there is some, goes back as reasoning_opaque.
    enum class ReasoningField { reasoning_content, reasoning_text };
    ReasoningField reasoning_field = ReasoningField::reasoning_content;
    // Which of a Chat Completions client's OpenAI-Beta values go on (forward_betas, drop_betas).
    BetaFilter betas;
    // The server takes OpenAI's `developer` messages; to others a client's body that has one
    // is rebuilt, with it as a system message.
    bool developer_role = false;
};

// An image part as the URL OpenAI takes: the URL itself, or a data: URL for inline bytes.
inline std::string openai_image_url(const ContentPart& part) {
    if (!part.url.empty()) return part.url;
    const std::string media_type = part.media_type.empty() ? "image/png" : part.media_type;
    return "data:" + media_type + ";base64," + part.data;
}

// The chat body is written as JSON text: it is built for every call and sent at once.

// Plain string for a single text part (what every clone accepts); an array of parts when
// there are images or several pieces.
inline void append_openai_user_content(std::string& out, const Message& m) {
    if (m.content.size() == 1 && m.content.front().kind == ContentPart::Kind::text)
        return append_json_string(out, m.content.front().text);
    if (m.content.empty()) {
        out += "\"\"";
        return;
    }
    append_json_array(out, m.content, [](std::string& o, const ContentPart& p) {
        if (p.kind == ContentPart::Kind::text) {
            o += "{\"type\":\"text\",\"text\":";
            append_json_string(o, p.text);
            o += '}';
        } else {
            o += "{\"type\":\"image_url\",\"image_url\":{\"url\":";
            append_json_string(o, openai_image_url(p));
            o += "}}";
        }
    });
}

// {"id","type":"function","function":{"name","arguments"}}: a tool call as OpenAI writes it,
// in requests and in responses alike ("{}" for a call without arguments).
inline void append_openai_tool_call(std::string& out, const ToolCall& c) {
    out += "{\"id\":";
    append_json_string(out, c.id);
    out += ",\"type\":\"function\",\"function\":{\"name\":";
    append_json_string(out, c.name);
    out += ",\"arguments\":";
    append_json_string(out, c.arguments.empty() ? std::string_view("{}") : std::string_view(c.arguments));
    out += "}}";
}

// The reasoning of `origin` an assistant turn carries, joined ("" when none).
inline std::string reasoning_text_of(const Message& m, std::string_view origin) {
    std::string text;
    if (origin.empty()) return text;
    for (const auto& r : m.reasoning)
        if (r.state.origin == origin) text += r.text;
    return text;
}

// The state data of `origin`'s reasoning, joined in order: a server that streamed its opaque
// value in pieces gets it back whole.
inline std::string reasoning_data_of(const Message& m, std::string_view origin) {
    std::string data;
    if (origin.empty()) return data;
    for (const auto& r : m.reasoning)
        if (r.state.origin == origin) data += r.state.data;
    return data;
}

// A tool result as text. The OpenAI shape has no error flag, so a failed call says so in
// words the model reads.
inline std::string tool_result_text(const Message& m) { return m.is_error ? "Error: " + m.text() : m.text(); }

// The assistant turn's own reasoning (`options` says whose, and in which field).
inline void append_openai_reasoning(std::string& out, const Message& m, const OpenAIWireOptions& options) {
    if (const std::string text = reasoning_text_of(m, options.reasoning_origin); !text.empty()) {
        out += options.reasoning_field == OpenAIWireOptions::ReasoningField::reasoning_text ? ",\"reasoning_text\":"
                                                                                            : ",\"reasoning_content\":";
        append_json_string(out, text);
    }
    if (const std::string data = reasoning_data_of(m, options.reasoning_origin); !data.empty()) {
        out += ",\"reasoning_opaque\":";
        append_json_string(out, data);
    }
}

inline void append_openai_message(std::string& out, const Message& m, const OpenAIWireOptions& options) {
    out += "{\"role\":";
    append_json_string(out, to_string(m.role));
    switch (m.role) {
    case Role::user:
        out += ",\"content\":";
        append_openai_user_content(out, m);
        break;
    case Role::system:
        out += ",\"content\":";
        append_json_string(out, m.text());
        break;
    case Role::tool:
        out += ",\"tool_call_id\":";
        append_json_string(out, m.tool_call_id);
        out += ",\"content\":";
        append_json_string(out, tool_result_text(m));
        break;
    case Role::assistant: {
        const std::string text = m.text();
        // An assistant turn that only calls tools has null content, as OpenAI itself returns it.
        out += ",\"content\":";
        if (text.empty() && !m.tool_calls.empty())
            out += "null";
        else
            append_json_string(out, text);
        if (!m.tool_calls.empty()) {
            out += ",\"tool_calls\":";
            append_json_array(out, m.tool_calls, append_openai_tool_call);
        }
        append_openai_reasoning(out, m, options);
        break;
    }
    }
    out += '}';
}

// The earlier form, reasoning_content of `reasoning_origin` only; kept for plugins using it.
inline void append_openai_message(std::string& out, const Message& m, std::string_view reasoning_origin = {}) {
    OpenAIWireOptions options;
    options.reasoning_origin = std::string(reasoning_origin);
    append_openai_message(out, m, options);
}

// {"type":"function","function":{...}}. Some clones reject a function without a parameters
// schema; an empty object schema is what "no arguments" means everywhere.
inline void append_openai_tool(std::string& out, const ToolDefinition& t, bool name_undescribed = false) {
    out += "{\"type\":\"function\",\"function\":{\"name\":";
    append_json_string(out, t.name);
    if (!t.description.empty()) {
        out += ",\"description\":";
        append_json_string(out, t.description);
    } else if (name_undescribed) {
        out += ",\"description\":";
        append_json_string(out, "Function " + t.name);
    }
    out += ",\"parameters\":";
    if (t.parameters.empty())
        out += "{\"type\":\"object\",\"properties\":{}}";
    else
        append_json_value(out, t.parameters);
    out += "}}";
}

inline void append_openai_tool_choice(std::string& out, std::string_view choice) {
    if (choice == "auto" || choice == "none" || choice == "required") return append_json_string(out, choice);
    out += "{\"type\":\"function\",\"function\":{\"name\":";
    append_json_string(out, choice);
    out += "}}";
}

inline void append_openai_response_format(std::string& out, const ResponseFormat& f) {
    switch (f.kind) {
    case ResponseFormat::Kind::json_object: out += "{\"type\":\"json_object\"}"; return;
    case ResponseFormat::Kind::json_schema:
        out += "{\"type\":\"json_schema\",\"json_schema\":{\"name\":";
        append_json_string(out, f.name.empty() ? std::string_view("response") : std::string_view(f.name));
        out += ",\"schema\":";
        append_json_value(out, f.schema);
        out += ",\"strict\":";
        append_json_bool(out, f.strict);
        out += "}}";
        return;
    case ResponseFormat::Kind::text: break;
    }
    out += "{\"type\":\"text\"}";
}

// The fields of `r`'s extension for `protocol` that a body with top-level `keys` lacks,
// appended as `,"name":value`: the body's own fields win, as merge_extension_fields has it.
inline void append_extension_fields(std::string& out, const ChatRequest& r, std::string_view protocol,
                                    const std::vector<std::string_view>& keys) {
    for_each_extension_field(r, protocol, [&](std::string_view name, const boost::json::value& value) {
        if (std::find(keys.begin(), keys.end(), name) != keys.end()) return;
        out += ',';
        append_json_string(out, name);
        out += ':';
        append_json_value(out, value);
    });
}

// The service tier as OpenAI names it, "" for none: a tier another protocol's client asked for
// (Anthropic's standard_only) would get the request refused.
inline std::string openai_service_tier(const std::string& tier) {
    if (tier == "auto" || tier == "default" || tier == "flex" || tier == "scale" || tier == "priority") return tier;
    if (tier == "standard_only") return "default";
    return {};
}

// The /chat/completions body for `r`, addressed to `model` (the caller resolves defaults).
inline std::string openai_chat_body(const ChatRequest& r, std::string_view model, const OpenAIWireOptions& options) {
    std::string out;
    out.reserve(256);
    std::vector<std::string_view> keys; // written so far, for the extension's merge
    keys.reserve(16);
    const auto key = [&](std::string_view name) {
        out += keys.empty() ? "{\"" : ",\"";
        out += name;
        out += "\":";
        keys.push_back(name);
    };
    key("model");
    append_json_string(out, model);
    key("messages");
    append_json_array(out, r.messages, [&](std::string& o, const Message& m) { append_openai_message(o, m, options); });
    if (!r.tools.empty()) {
        key("tools");
        append_json_array(out, r.tools, [&](std::string& o, const ToolDefinition& t) {
            append_openai_tool(o, t, options.name_undescribed_tools);
        });
        // tool_choice and parallel_tool_calls without tools are errors at OpenAI, so they
        // only go with them.
        if (!r.tool_choice.empty()) {
            key("tool_choice");
            append_openai_tool_choice(out, r.tool_choice);
        }
        if (r.parallel_tool_calls) {
            key("parallel_tool_calls");
            append_json_bool(out, *r.parallel_tool_calls);
        }
    }
    if (r.response_format && r.response_format->kind != ResponseFormat::Kind::text) {
        key("response_format");
        append_openai_response_format(out, *r.response_format);
    }
    if (r.temperature) {
        key("temperature");
        append_json_number(out, *r.temperature);
    }
    if (r.top_p) {
        key("top_p");
        append_json_number(out, *r.top_p);
    }
    if (r.max_tokens) {
        const bool completion = options.max_tokens_field == OpenAIWireOptions::MaxTokensField::max_completion_tokens;
        key(completion ? "max_completion_tokens" : "max_tokens");
        append_json_int(out, *r.max_tokens);
    }
    if (!r.stop.empty()) {
        key("stop");
        append_json_array(out, r.stop, [](std::string& o, const std::string& s) { append_json_string(o, s); });
    }
    if (r.reasoning && !r.reasoning->effort.empty()) {
        key("reasoning_effort");
        append_json_string(out, r.reasoning->effort);
    }
    const auto text_field = [&](std::string_view name, const std::string& value) {
        if (value.empty()) return;
        key(name);
        append_json_string(out, value);
    };
    text_field("user", r.user);
    text_field("service_tier", openai_service_tier(r.service_tier));
    text_field("prompt_cache_key", r.prompt_cache_key);
    key("stream");
    append_json_bool(out, r.stream);
    // Whether or not it is sent, stream_options is the provider's to decide (Mistral and
    // Copilot are sent none), never a client's.
    keys.push_back("stream_options");
    if (r.stream && options.include_usage) out += ",\"stream_options\":{\"include_usage\":true}";
    append_extension_fields(out, r, wire_protocol::openai_chat, keys);
    out += '}';
    return out;
}

// The OpenAI-Beta header a chat request carries: what the configuration sets (`configured`),
// then the client's own values that `filter` lets through; each value once.
inline std::string openai_beta_header(std::string_view configured, const ChatRequest& r, const BetaFilter& filter) {
    return beta_header_value(configured, &r, wire_protocol::openai_chat, "OpenAI-Beta", filter);
}

inline boost::json::object openai_embeddings_body(const EmbedRequest& r, std::string_view model) {
    boost::json::array input;
    for (const auto& s : r.input)
        input.push_back(boost::json::string(s));
    return {{"model", model}, {"input", std::move(input)}};
}

} // namespace llmhost
