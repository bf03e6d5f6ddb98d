// Canonical ChatRequest -> Anthropic Messages request body (PROTOCOLS.md §4 "Request").
// Shared by the anthropic plugin, services that host Claude behind the same format, and the
// host's Anthropic-compatible gateway face.
//
// The Messages format differs from the canonical model in ways this file bridges:
//   - there is no system role: every system message is joined into the top-level `system`;
//   - roles must alternate user/assistant: tool results travel as `tool_result` blocks of a
//     user message (placed before any other block), and consecutive messages that end up
//     with the same role are merged into one;
//   - tool-call arguments are a JSON object (`input`), not JSON text;
//   - `max_tokens` is required, so a default is always sent.
#pragma once

#include <llmhost/chat.hpp>
#include <llmhost/error.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace llmhost {

struct AnthropicWireOptions {
    // Sent as `max_tokens` when the request gives none (the API requires the field).
    int64_t default_max_tokens = 4096;
};

// Thinking budgets for the canonical reasoning efforts.
inline constexpr int64_t anthropic_thinking_budget_low = 1024;
inline constexpr int64_t anthropic_thinking_budget_medium = 4096;
inline constexpr int64_t anthropic_thinking_budget_high = 16384;

// The thinking budget the request asks for: reasoning.budget_tokens, else its effort; nullopt
// when the request does not ask for reasoning (no reasoning, or effort "none").
inline std::optional<int64_t> anthropic_thinking_budget(const ChatRequest& r) {
    if (!r.reasoning) return std::nullopt;
    if (r.reasoning->budget_tokens) return *r.reasoning->budget_tokens;
    const std::string& effort = r.reasoning->effort;
    if (effort.empty() || effort == "none") return std::nullopt;
    if (effort == "low" || effort == "minimal") return anthropic_thinking_budget_low;
    if (effort == "medium") return anthropic_thinking_budget_medium;
    if (effort == "high") return anthropic_thinking_budget_high;
    throw Error(LLMH_ERR_BAD_REQUEST,
                "unknown reasoning effort '" + effort + "' (expected low, medium or high, or a budget_tokens value)");
}

inline boost::json::object anthropic_image_block(const ContentPart& part) {
    if (!part.url.empty()) return {{"type", "image"}, {"source", {{"type", "url"}, {"url", part.url}}}};
    return {{"type", "image"},
            {"source",
             {{"type", "base64"},
              {"media_type", part.media_type.empty() ? std::string("image/png") : part.media_type},
              {"data", part.data}}}};
}

// Text and image blocks of a message. Empty text parts are dropped: the API rejects empty
// text blocks.
inline boost::json::array anthropic_content_blocks(const Message& m) {
    boost::json::array blocks;
    for (const auto& part : m.content) {
        if (part.kind == ContentPart::Kind::image)
            blocks.push_back(anthropic_image_block(part));
        else if (!part.text.empty())
            blocks.push_back({{"type", "text"}, {"text", part.text}});
    }
    return blocks;
}

// An assistant turn's reasoning as the blocks that lead it: thinking with its signature, or
// redacted thinking, which the API wants back unchanged. Reasoning from other providers is
// left out: the API would reject it.
inline void append_anthropic_reasoning_blocks(const Message& m, boost::json::array& blocks) {
    for (const auto& r : m.reasoning) {
        if (r.state.origin != reasoning_origin::anthropic) continue;
        if (!r.state.data.empty())
            blocks.push_back({{"type", "redacted_thinking"}, {"data", r.state.data}});
        else
            blocks.push_back({{"type", "thinking"}, {"thinking", r.text}, {"signature", r.state.signature}});
    }
}

// Canonical arguments (JSON text) as the `input` object a tool_use block needs.
inline boost::json::object anthropic_tool_input(const ToolCall& call) {
    if (call.arguments.find_first_not_of(" \t\r\n") == std::string::npos) return {};
    boost::system::error_code ec;
    auto v = boost::json::parse(call.arguments, ec);
    if (ec || !v.is_object())
        throw Error(LLMH_ERR_BAD_REQUEST, "the arguments of tool call '" + call.id + "' (" + call.name +
                                              ") are not a JSON object, which the Messages API requires");
    return std::move(v.get_object());
}

inline boost::json::object anthropic_tool_use_block(const ToolCall& call) {
    return {{"type", "tool_use"}, {"id", call.id}, {"name", call.name}, {"input", anthropic_tool_input(call)}};
}

// A tool message as a tool_result block: its text as a string, or text and image blocks.
inline boost::json::object anthropic_tool_result_block(const Message& m) {
    boost::json::object block{{"type", "tool_result"}, {"tool_use_id", m.tool_call_id}};
    if (m.has_images())
        block["content"] = anthropic_content_blocks(m);
    else
        block["content"] = m.text();
    return block;
}

namespace anthropic_request_detail {

inline bool is_tool_result(const boost::json::value& block) {
    const auto* o = block.if_object();
    const auto* type = o ? o->if_contains("type") : nullptr;
    return type && type->is_string() && type->get_string() == "tool_result";
}

// A lone text block becomes a plain string, the form every Messages server accepts.
inline boost::json::value compact_content(boost::json::array blocks) {
    if (blocks.size() == 1) {
        const auto& only = blocks.front().get_object();
        if (only.at("type").get_string() == "text") return only.at("text");
    }
    return blocks;
}

} // namespace anthropic_request_detail

// The `messages` array: system messages left out (see anthropic_system_prompt), tool results
// turned into user content, same-role neighbours merged, and tool_result blocks first in each
// user message. Messages with nothing to send are skipped.
inline boost::json::array anthropic_messages(const std::vector<Message>& messages) {
    using anthropic_request_detail::is_tool_result;
    struct Turn {
        std::string_view role;
        boost::json::array blocks;
    };
    std::vector<Turn> turns;
    for (const auto& m : messages) {
        boost::json::array blocks;
        std::string_view role = "user";
        switch (m.role) {
        case Role::system: continue;
        case Role::user: blocks = anthropic_content_blocks(m); break;
        case Role::tool: blocks.push_back(anthropic_tool_result_block(m)); break;
        case Role::assistant:
            role = "assistant";
            append_anthropic_reasoning_blocks(m, blocks);
            for (auto& b : anthropic_content_blocks(m))
                blocks.push_back(std::move(b));
            for (const auto& call : m.tool_calls)
                blocks.push_back(anthropic_tool_use_block(call));
            break;
        }
        if (blocks.empty()) continue;
        if (!turns.empty() && turns.back().role == role)
            for (auto& b : blocks)
                turns.back().blocks.push_back(std::move(b));
        else
            turns.push_back({role, std::move(blocks)});
    }
    boost::json::array out;
    for (auto& turn : turns) {
        // The API wants a user message's tool results before anything else in it.
        std::stable_partition(turn.blocks.begin(), turn.blocks.end(), is_tool_result);
        out.push_back(
            {{"role", turn.role}, {"content", anthropic_request_detail::compact_content(std::move(turn.blocks))}});
    }
    return out;
}

// All system messages' text, joined by blank lines ("" when there is none).
inline std::string anthropic_system_prompt(const std::vector<Message>& messages) {
    std::string system;
    for (const auto& m : messages) {
        if (m.role != Role::system) continue;
        const std::string text = m.text();
        if (text.empty()) continue;
        if (!system.empty()) system += "\n\n";
        system += text;
    }
    return system;
}

inline boost::json::object anthropic_tool(const ToolDefinition& t) {
    boost::json::object tool{{"name", t.name}};
    if (!t.description.empty()) tool["description"] = t.description;
    // input_schema is required; an empty object schema means "no arguments".
    tool["input_schema"] = t.parameters.empty()
                               ? boost::json::object{{"type", "object"}, {"properties", boost::json::object()}}
                               : t.parameters;
    return tool;
}

// Canonical tool_choice: "auto" | "none" | "required" (Anthropic's "any", also accepted) | a
// tool's name.
inline boost::json::object anthropic_tool_choice(std::string_view choice) {
    if (choice == "auto" || choice == "none" || choice == "any") return {{"type", choice}};
    if (choice == "required") return {{"type", "any"}};
    return {{"type", "tool"}, {"name", choice}};
}

// Structured output (the GA `output_config.format`). The Messages API has no "any JSON
// object" mode, so json_object asks for a schema that is any object.
inline std::optional<boost::json::object> anthropic_output_config(const ResponseFormat& f) {
    switch (f.kind) {
    case ResponseFormat::Kind::json_schema:
        return boost::json::object{{"format", {{"type", "json_schema"}, {"schema", f.schema}}}};
    case ResponseFormat::Kind::json_object:
        return boost::json::object{{"format", {{"type", "json_schema"}, {"schema", {{"type", "object"}}}}}};
    case ResponseFormat::Kind::text: break;
    }
    return std::nullopt;
}

// The POST /v1/messages body for `r`, addressed to `model` (the caller resolves defaults).
inline boost::json::object anthropic_messages_body(const ChatRequest& r, std::string_view model,
                                                   const AnthropicWireOptions& options = {}) {
    boost::json::object body{{"model", model}};
    const auto budget = anthropic_thinking_budget(r);
    int64_t max_tokens = r.max_tokens.value_or(options.default_max_tokens);
    // The thinking budget counts against max_tokens and must stay below it; when the user set
    // no limit, room for the answer is added on top of the budget.
    if (budget && !r.max_tokens && max_tokens <= *budget) max_tokens = *budget + options.default_max_tokens;
    body["max_tokens"] = max_tokens;
    if (const std::string system = anthropic_system_prompt(r.messages); !system.empty()) body["system"] = system;
    body["messages"] = anthropic_messages(r.messages);
    if (!r.tools.empty()) {
        boost::json::array tools;
        for (const auto& t : r.tools)
            tools.push_back(anthropic_tool(t));
        body["tools"] = std::move(tools);
        if (!r.tool_choice.empty()) body["tool_choice"] = anthropic_tool_choice(r.tool_choice);
    }
    if (r.temperature) body["temperature"] = *r.temperature;
    if (!r.stop.empty()) {
        boost::json::array stop;
        for (const auto& s : r.stop)
            stop.push_back(boost::json::string(s));
        body["stop_sequences"] = std::move(stop);
    }
    if (budget) body["thinking"] = {{"type", "enabled"}, {"budget_tokens", *budget}};
    if (r.response_format)
        if (auto config = anthropic_output_config(*r.response_format)) body["output_config"] = std::move(*config);
    body["stream"] = r.stream;
    return body;
}

} // namespace llmhost
