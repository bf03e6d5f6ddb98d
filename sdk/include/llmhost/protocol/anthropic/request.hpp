// Canonical ChatRequest -> Anthropic Messages request body (docs/protocols/anthropic.md "Request").
// Shared by the anthropic plugin, services that host Claude behind the same format, and the
// host's Anthropic-compatible gateway face.
//
// The Messages format differs from the canonical model in ways this file bridges:
//   - there is no system role: every system message goes into the top-level `system`;
//   - roles must alternate user/assistant: tool results travel as `tool_result` blocks of a
//     user message (placed before any other block), and consecutive messages that end up
//     with the same role are merged into one;
//   - tool-call arguments are a JSON object (`input`), not JSON text;
//   - `max_tokens` is required, so a default is always sent;
//   - cache breakpoints are `cache_control` on the block (or tool) they end at.
// What a client of the Anthropic face sent and the canonical model has no field for comes
// back from the request's wire extension, never over a field written here.
#pragma once

#include <llmhost/chat.hpp>
#include <llmhost/error.hpp>
#include <llmhost/support/wire_extension.hpp>

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

// {"type":"ephemeral"}, with the mark's ttl when it names one.
inline boost::json::object anthropic_cache_control(const CacheMark& mark) {
    boost::json::object o{{"type", "ephemeral"}};
    if (!mark.ttl.empty()) o["ttl"] = mark.ttl;
    return o;
}

// Puts a breakpoint on a block or a tool; one it already carries (a part's own) stays.
inline void anthropic_mark_cache(boost::json::object& target, const std::optional<CacheMark>& mark) {
    if (mark && !target.contains("cache_control")) target["cache_control"] = anthropic_cache_control(*mark);
}

inline boost::json::object anthropic_image_block(const ContentPart& part) {
    boost::json::object block;
    if (!part.url.empty())
        block = {{"type", "image"}, {"source", {{"type", "url"}, {"url", part.url}}}};
    else
        block = {{"type", "image"},
                 {"source",
                  {{"type", "base64"},
                   {"media_type", part.media_type.empty() ? std::string("image/png") : part.media_type},
                   {"data", part.data}}}};
    anthropic_mark_cache(block, part.cache);
    return block;
}

inline boost::json::object anthropic_text_block(const ContentPart& part) {
    boost::json::object block{{"type", "text"}, {"text", part.text}};
    anthropic_mark_cache(block, part.cache);
    return block;
}

// Text and image blocks of a message (text only for the system prompt, which takes no
// images). Empty text parts are dropped: the API rejects empty text blocks.
inline boost::json::array anthropic_content_blocks(const Message& m, bool text_only = false) {
    boost::json::array blocks;
    for (const auto& part : m.content) {
        if (part.kind == ContentPart::Kind::image) {
            if (!text_only) blocks.push_back(anthropic_image_block(part));
        } else if (!part.text.empty()) {
            blocks.push_back(anthropic_text_block(part));
        }
    }
    return blocks;
}

// A message's own breakpoint goes on its last block (thinking blocks cannot carry one).
inline void anthropic_mark_last_block(boost::json::array& blocks, const std::optional<CacheMark>& mark) {
    if (!mark || blocks.empty()) return;
    auto& last = blocks.back().as_object();
    const auto* type = last.if_contains("type");
    if (type && type->is_string() && (type->get_string() == "thinking" || type->get_string() == "redacted_thinking"))
        return;
    anthropic_mark_cache(last, mark);
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
    boost::json::object block{
        {"type", "tool_use"}, {"id", call.id}, {"name", call.name}, {"input", anthropic_tool_input(call)}};
    anthropic_mark_cache(block, call.cache);
    return block;
}

namespace anthropic_request_detail {

inline bool is_tool_result(const boost::json::value& block) {
    const auto* o = block.if_object();
    const auto* type = o ? o->if_contains("type") : nullptr;
    return type && type->is_string() && type->get_string() == "tool_result";
}

// A lone plain text block (no breakpoint) becomes a string, the form every Messages server
// accepts; nothing at all becomes "".
inline boost::json::value compact_content(boost::json::array blocks) {
    if (blocks.empty()) return boost::json::string();
    if (blocks.size() == 1) {
        const auto& only = blocks.front().get_object();
        if (only.size() == 2 && only.at("type").get_string() == "text") return only.at("text");
    }
    return blocks;
}

} // namespace anthropic_request_detail

// A tool message as a tool_result block: one plain text as a string, otherwise its text and
// image blocks; `is_error` when the result reports a failure.
inline boost::json::object anthropic_tool_result_block(const Message& m) {
    boost::json::object block{{"type", "tool_result"}, {"tool_use_id", m.tool_call_id}};
    block["content"] = anthropic_request_detail::compact_content(anthropic_content_blocks(m));
    if (m.is_error) block["is_error"] = true;
    anthropic_mark_cache(block, m.cache);
    return block;
}

// The `messages` array: system messages left out (see anthropic_system), tool results
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
        anthropic_mark_last_block(blocks, m.cache);
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

// The top-level `system` from every system message, in order: one text block per text part,
// each with its breakpoint, and a message's own breakpoint on its last block. A single
// block without a breakpoint is sent as a plain string; nullopt when there is no system text.
inline std::optional<boost::json::value> anthropic_system(const std::vector<Message>& messages) {
    boost::json::array blocks;
    for (const auto& m : messages) {
        if (m.role != Role::system) continue;
        auto own = anthropic_content_blocks(m, true);
        anthropic_mark_last_block(own, m.cache);
        for (auto& b : own)
            blocks.push_back(std::move(b));
    }
    if (blocks.empty()) return std::nullopt;
    return anthropic_request_detail::compact_content(std::move(blocks));
}

inline boost::json::object anthropic_tool(const ToolDefinition& t) {
    boost::json::object tool{{"name", t.name}};
    if (!t.description.empty()) tool["description"] = t.description;
    // input_schema is required; an empty object schema means "no arguments".
    tool["input_schema"] = t.parameters.empty()
                               ? boost::json::object{{"type", "object"}, {"properties", boost::json::object()}}
                               : t.parameters;
    anthropic_mark_cache(tool, t.cache);
    return tool;
}

// Canonical tool_choice: "auto" | "none" | "required" (Anthropic's "any", also accepted) | a
// tool's name.
inline boost::json::object anthropic_tool_choice(std::string_view choice) {
    if (choice == "auto" || choice == "none" || choice == "any") return {{"type", choice}};
    if (choice == "required") return {{"type", "any"}};
    return {{"type", "tool"}, {"name", choice}};
}

// The request's tool_choice, with disable_parallel_tool_use when it allows one call per turn
// (auto, the API's default, when it names no choice); nullopt when there is nothing to send.
inline std::optional<boost::json::object> anthropic_tool_choice(const ChatRequest& r) {
    const bool one_call = r.parallel_tool_calls == false;
    if (r.tools.empty() || (r.tool_choice.empty() && !one_call)) return std::nullopt;
    const std::string_view choice = r.tool_choice.empty() ? std::string_view("auto") : r.tool_choice;
    auto o = anthropic_tool_choice(choice);
    if (one_call && choice != "none") o["disable_parallel_tool_use"] = true; // "none" takes no such field
    return o;
}

// The service tiers the Messages API knows; another protocol's ("flex", "priority", ...)
// would be refused, so it is left out.
inline bool anthropic_service_tier(std::string_view tier) { return tier == "auto" || tier == "standard_only"; }

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
    if (auto system = anthropic_system(r.messages)) body["system"] = std::move(*system);
    body["messages"] = anthropic_messages(r.messages);
    if (!r.tools.empty()) {
        boost::json::array tools;
        for (const auto& t : r.tools)
            tools.push_back(anthropic_tool(t));
        body["tools"] = std::move(tools);
    }
    if (auto choice = anthropic_tool_choice(r)) body["tool_choice"] = std::move(*choice);
    if (r.temperature) body["temperature"] = *r.temperature;
    if (r.top_p) body["top_p"] = *r.top_p;
    if (r.top_k) body["top_k"] = *r.top_k;
    if (!r.stop.empty()) {
        boost::json::array stop;
        for (const auto& s : r.stop)
            stop.push_back(boost::json::string(s));
        body["stop_sequences"] = std::move(stop);
    }
    if (budget) body["thinking"] = {{"type", "enabled"}, {"budget_tokens", *budget}};
    if (r.response_format)
        if (auto config = anthropic_output_config(*r.response_format)) body["output_config"] = std::move(*config);
    if (!r.user.empty()) body["metadata"] = {{"user_id", r.user}};
    if (anthropic_service_tier(r.service_tier)) body["service_tier"] = r.service_tier;
    body["stream"] = r.stream;
    // Last, so that what the client sent beside the canonical fields never replaces one.
    merge_extension_fields(body, r, wire_protocol::anthropic_messages);
    return body;
}

} // namespace llmhost
