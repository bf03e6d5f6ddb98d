// Canonical requests -> OpenAI Chat Completions / Embeddings wire bodies (PROTOCOLS.md §1).
// Shared by every plugin that speaks the OpenAI-compatible protocol (openai family, Azure,
// Copilot, Docker Model Runner); the knobs in OpenAIWireOptions cover where clones differ.
#pragma once

#include <llmhost/chat.hpp>

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
};

// An image part as the URL OpenAI takes: the URL itself, or a data: URL for inline bytes.
inline std::string openai_image_url(const ContentPart& part) {
    if (!part.url.empty()) return part.url;
    const std::string media_type = part.media_type.empty() ? "image/png" : part.media_type;
    return "data:" + media_type + ";base64," + part.data;
}

// Plain string for a single text part (what every clone accepts); an array of parts when
// there are images or several pieces.
inline boost::json::value openai_user_content(const Message& m) {
    if (m.content.size() == 1 && m.content.front().kind == ContentPart::Kind::text)
        return boost::json::string(m.content.front().text);
    if (m.content.empty()) return boost::json::string();
    boost::json::array parts;
    for (const auto& p : m.content) {
        if (p.kind == ContentPart::Kind::text)
            parts.push_back({{"type", "text"}, {"text", p.text}});
        else
            parts.push_back({{"type", "image_url"}, {"image_url", {{"url", openai_image_url(p)}}}});
    }
    return parts;
}

inline boost::json::object openai_tool_call(const ToolCall& c) {
    return {{"id", c.id},
            {"type", "function"},
            {"function", {{"name", c.name}, {"arguments", c.arguments.empty() ? std::string("{}") : c.arguments}}}};
}

inline boost::json::object openai_message(const Message& m) {
    boost::json::object o{{"role", to_string(m.role)}};
    switch (m.role) {
    case Role::user: o["content"] = openai_user_content(m); break;
    case Role::system: o["content"] = m.text(); break;
    case Role::tool:
        o["tool_call_id"] = m.tool_call_id;
        o["content"] = m.text();
        break;
    case Role::assistant: {
        const std::string text = m.text();
        // An assistant turn that only calls tools has null content, as OpenAI itself returns it.
        if (text.empty() && !m.tool_calls.empty())
            o["content"] = nullptr;
        else
            o["content"] = text;
        if (!m.tool_calls.empty()) {
            boost::json::array calls;
            for (const auto& c : m.tool_calls)
                calls.push_back(openai_tool_call(c));
            o["tool_calls"] = std::move(calls);
        }
        break;
    }
    }
    return o;
}

inline boost::json::object openai_tool(const ToolDefinition& t) {
    boost::json::object function{{"name", t.name}};
    if (!t.description.empty()) function["description"] = t.description;
    // Some clones reject a function without a parameters schema; an empty object schema is
    // what "no arguments" means everywhere.
    function["parameters"] = t.parameters.empty()
                                 ? boost::json::object{{"type", "object"}, {"properties", boost::json::object()}}
                                 : t.parameters;
    return {{"type", "function"}, {"function", std::move(function)}};
}

inline boost::json::value openai_tool_choice(std::string_view choice) {
    if (choice == "auto" || choice == "none" || choice == "required") return boost::json::string(choice);
    return {{"type", "function"}, {"function", {{"name", choice}}}};
}

inline boost::json::object openai_response_format(const ResponseFormat& f) {
    switch (f.kind) {
    case ResponseFormat::Kind::json_object: return {{"type", "json_object"}};
    case ResponseFormat::Kind::json_schema:
        return {{"type", "json_schema"},
                {"json_schema",
                 {{"name", f.name.empty() ? std::string("response") : f.name},
                  {"schema", f.schema},
                  {"strict", f.strict}}}};
    case ResponseFormat::Kind::text: break;
    }
    return {{"type", "text"}};
}

// The /chat/completions body for `r`, addressed to `model` (the caller resolves defaults).
inline boost::json::object openai_chat_body(const ChatRequest& r, std::string_view model,
                                            const OpenAIWireOptions& options) {
    boost::json::object body{{"model", model}};
    boost::json::array messages;
    for (const auto& m : r.messages)
        messages.push_back(openai_message(m));
    body["messages"] = std::move(messages);
    if (!r.tools.empty()) {
        boost::json::array tools;
        for (const auto& t : r.tools)
            tools.push_back(openai_tool(t));
        body["tools"] = std::move(tools);
        // tool_choice without tools is an error at OpenAI, so it only goes with them.
        if (!r.tool_choice.empty()) body["tool_choice"] = openai_tool_choice(r.tool_choice);
    }
    if (r.response_format && r.response_format->kind != ResponseFormat::Kind::text)
        body["response_format"] = openai_response_format(*r.response_format);
    if (r.temperature) body["temperature"] = *r.temperature;
    if (r.max_tokens) {
        const bool completion = options.max_tokens_field == OpenAIWireOptions::MaxTokensField::max_completion_tokens;
        body[completion ? "max_completion_tokens" : "max_tokens"] = *r.max_tokens;
    }
    if (!r.stop.empty()) {
        boost::json::array stop;
        for (const auto& s : r.stop)
            stop.push_back(boost::json::string(s));
        body["stop"] = std::move(stop);
    }
    if (r.reasoning && !r.reasoning->effort.empty()) body["reasoning_effort"] = r.reasoning->effort;
    body["stream"] = r.stream;
    if (r.stream && options.include_usage) body["stream_options"] = {{"include_usage", true}};
    return body;
}

inline boost::json::object openai_embeddings_body(const EmbedRequest& r, std::string_view model) {
    boost::json::array input;
    for (const auto& s : r.input)
        input.push_back(boost::json::string(s));
    return {{"model", model}, {"input", std::move(input)}};
}

} // namespace llmhost
