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

// Every builder below takes the storage its JSON lives in: a caller that serializes the body
// at once passes a scratch arena (json_read::ScratchArena) and the body costs no heap
// allocation per field.

// Plain string for a single text part (what every clone accepts); an array of parts when
// there are images or several pieces.
inline boost::json::value openai_user_content(const Message& m, boost::json::storage_ptr sp = {}) {
    if (m.content.size() == 1 && m.content.front().kind == ContentPart::Kind::text)
        return boost::json::string(m.content.front().text, sp);
    if (m.content.empty()) return boost::json::string(sp);
    boost::json::array parts(sp);
    for (const auto& p : m.content) {
        if (p.kind == ContentPart::Kind::text)
            parts.push_back(boost::json::object({{"type", "text"}, {"text", p.text}}, sp));
        else
            parts.push_back(
                boost::json::object({{"type", "image_url"}, {"image_url", {{"url", openai_image_url(p)}}}}, sp));
    }
    return parts;
}

inline boost::json::object openai_tool_call(const ToolCall& c, boost::json::storage_ptr sp = {}) {
    const std::string_view arguments = c.arguments.empty() ? std::string_view("{}") : std::string_view(c.arguments);
    return boost::json::object(
        {{"id", c.id}, {"type", "function"}, {"function", {{"name", c.name}, {"arguments", arguments}}}}, sp);
}

inline boost::json::object openai_message(const Message& m, boost::json::storage_ptr sp = {}) {
    boost::json::object o(sp);
    o["role"] = to_string(m.role);
    switch (m.role) {
    case Role::user: o["content"] = openai_user_content(m, sp); break;
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
            boost::json::array calls(sp);
            for (const auto& c : m.tool_calls)
                calls.push_back(openai_tool_call(c, sp));
            o["tool_calls"] = std::move(calls);
        }
        break;
    }
    }
    return o;
}

inline boost::json::object openai_tool(const ToolDefinition& t, boost::json::storage_ptr sp = {}) {
    boost::json::object function(sp);
    function["name"] = t.name;
    if (!t.description.empty()) function["description"] = t.description;
    // Some clones reject a function without a parameters schema; an empty object schema is
    // what "no arguments" means everywhere.
    if (t.parameters.empty())
        function["parameters"] = boost::json::object({{"type", "object"}, {"properties", boost::json::object()}}, sp);
    else
        function["parameters"] = t.parameters;
    boost::json::object tool(sp);
    tool["type"] = "function";
    tool["function"] = std::move(function);
    return tool;
}

inline boost::json::value openai_tool_choice(std::string_view choice, boost::json::storage_ptr sp = {}) {
    if (choice == "auto" || choice == "none" || choice == "required") return boost::json::string(choice, sp);
    return boost::json::object({{"type", "function"}, {"function", {{"name", choice}}}}, sp);
}

inline boost::json::object openai_response_format(const ResponseFormat& f, boost::json::storage_ptr sp = {}) {
    switch (f.kind) {
    case ResponseFormat::Kind::json_object: return boost::json::object({{"type", "json_object"}}, sp);
    case ResponseFormat::Kind::json_schema:
        return boost::json::object(
            {{"type", "json_schema"},
             {"json_schema",
              {{"name", f.name.empty() ? std::string_view("response") : std::string_view(f.name)},
               {"schema", f.schema},
               {"strict", f.strict}}}},
            sp);
    case ResponseFormat::Kind::text: break;
    }
    return boost::json::object({{"type", "text"}}, sp);
}

// The /chat/completions body for `r`, addressed to `model` (the caller resolves defaults).
inline boost::json::object openai_chat_body(const ChatRequest& r, std::string_view model,
                                            const OpenAIWireOptions& options, boost::json::storage_ptr sp = {}) {
    boost::json::object body(sp);
    body["model"] = model;
    boost::json::array messages(sp);
    messages.reserve(r.messages.size());
    for (const auto& m : r.messages)
        messages.push_back(openai_message(m, sp));
    body["messages"] = std::move(messages);
    if (!r.tools.empty()) {
        boost::json::array tools(sp);
        for (const auto& t : r.tools)
            tools.push_back(openai_tool(t, sp));
        body["tools"] = std::move(tools);
        // tool_choice without tools is an error at OpenAI, so it only goes with them.
        if (!r.tool_choice.empty()) body["tool_choice"] = openai_tool_choice(r.tool_choice, sp);
    }
    if (r.response_format && r.response_format->kind != ResponseFormat::Kind::text)
        body["response_format"] = openai_response_format(*r.response_format, sp);
    if (r.temperature) body["temperature"] = *r.temperature;
    if (r.max_tokens) {
        const bool completion = options.max_tokens_field == OpenAIWireOptions::MaxTokensField::max_completion_tokens;
        body[completion ? "max_completion_tokens" : "max_tokens"] = *r.max_tokens;
    }
    if (!r.stop.empty()) {
        boost::json::array stop(sp);
        for (const auto& s : r.stop)
            stop.emplace_back(s);
        body["stop"] = std::move(stop);
    }
    if (r.reasoning && !r.reasoning->effort.empty()) body["reasoning_effort"] = r.reasoning->effort;
    body["stream"] = r.stream;
    if (r.stream && options.include_usage) body["stream_options"] = boost::json::object({{"include_usage", true}}, sp);
    return body;
}

inline boost::json::object openai_embeddings_body(const EmbedRequest& r, std::string_view model) {
    boost::json::array input;
    for (const auto& s : r.input)
        input.push_back(boost::json::string(s));
    return {{"model", model}, {"input", std::move(input)}};
}

} // namespace llmhost
