// Canonical requests -> OpenAI Chat Completions / Embeddings wire bodies (PROTOCOLS.md §1).
// Shared by every plugin that speaks the OpenAI-compatible protocol (openai family, Azure,
// Copilot, Docker Model Runner); the knobs in OpenAIWireOptions cover where clones differ.
#pragma once

#include <llmhost/chat.hpp>
#include <llmhost/json_write.hpp>

#include <boost/json.hpp>

#include <string>
#include <string_view>

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
    // Reasoning of this origin goes back as the assistant turn's reasoning_content (see
    // openai_chat_reasoning_origin); "" sends none.
    std::string reasoning_origin;
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

inline void append_openai_message(std::string& out, const Message& m, std::string_view reasoning_origin = {}) {
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
        append_json_string(out, m.text());
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
        if (const std::string reasoning = reasoning_text_of(m, reasoning_origin); !reasoning.empty()) {
            out += ",\"reasoning_content\":";
            append_json_string(out, reasoning);
        }
        break;
    }
    }
    out += '}';
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

// The /chat/completions body for `r`, addressed to `model` (the caller resolves defaults).
inline std::string openai_chat_body(const ChatRequest& r, std::string_view model, const OpenAIWireOptions& options) {
    std::string out;
    out.reserve(256);
    out += "{\"model\":";
    append_json_string(out, model);
    out += ",\"messages\":";
    append_json_array(out, r.messages,
                      [&](std::string& o, const Message& m) { append_openai_message(o, m, options.reasoning_origin); });
    if (!r.tools.empty()) {
        out += ",\"tools\":";
        append_json_array(out, r.tools, [&](std::string& o, const ToolDefinition& t) {
            append_openai_tool(o, t, options.name_undescribed_tools);
        });
        // tool_choice without tools is an error at OpenAI, so it only goes with them.
        if (!r.tool_choice.empty()) {
            out += ",\"tool_choice\":";
            append_openai_tool_choice(out, r.tool_choice);
        }
    }
    if (r.response_format && r.response_format->kind != ResponseFormat::Kind::text) {
        out += ",\"response_format\":";
        append_openai_response_format(out, *r.response_format);
    }
    if (r.temperature) {
        out += ",\"temperature\":";
        append_json_number(out, *r.temperature);
    }
    if (r.max_tokens) {
        const bool completion = options.max_tokens_field == OpenAIWireOptions::MaxTokensField::max_completion_tokens;
        out += completion ? ",\"max_completion_tokens\":" : ",\"max_tokens\":";
        append_json_int(out, *r.max_tokens);
    }
    if (!r.stop.empty()) {
        out += ",\"stop\":";
        append_json_array(out, r.stop, [](std::string& o, const std::string& s) { append_json_string(o, s); });
    }
    if (r.reasoning && !r.reasoning->effort.empty()) {
        out += ",\"reasoning_effort\":";
        append_json_string(out, r.reasoning->effort);
    }
    out += ",\"stream\":";
    append_json_bool(out, r.stream);
    if (r.stream && options.include_usage) out += ",\"stream_options\":{\"include_usage\":true}";
    out += '}';
    return out;
}

inline boost::json::object openai_embeddings_body(const EmbedRequest& r, std::string_view model) {
    boost::json::array input;
    for (const auto& s : r.input)
        input.push_back(boost::json::string(s));
    return {{"model", model}, {"input", std::move(input)}};
}

} // namespace llmhost
