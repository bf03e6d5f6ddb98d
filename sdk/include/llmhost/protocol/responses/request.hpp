// Canonical ChatRequest -> an OpenAI Responses API body (POST /responses). The mapping is the
// reverse of the gateway's Responses face: system messages become `instructions`, the rest
// `input` items (message, function_call, function_call_output, reasoning; custom_tool_call and
// its output for custom tools); reasoning items carry encrypted_content only when this provider
// produced them (their state's origin).
#pragma once

#include <llmhost/chat.hpp>
#include <llmhost/protocol/openai/request.hpp>

#include <boost/json.hpp>
#include <functional>
#include <set>
#include <string>
#include <string_view>

namespace llmhost {

struct ResponsesWireOptions {
    bool store = false;           // whether the server keeps the response (previous_response_id is never used)
    bool always_stream = false;   // the server takes only stream:true; a non-streamed call is decoded from the stream
    bool send_sampling = true;    // false: temperature, top_p and max_output_tokens are never sent (Codex backend)
    std::string reasoning_origin; // whose reasoning items (encrypted_content) go back; empty: the client's default
    std::string default_instructions; // sent when the request has no system message
};

namespace responses_detail {

inline boost::json::object text_part(std::string_view type, std::string_view text) {
    return {{"type", type}, {"text", text}};
}

inline boost::json::array content_of(const Message& m) {
    const bool assistant = m.role == Role::assistant;
    boost::json::array parts;
    for (const auto& part : m.content) {
        if (part.kind == ContentPart::Kind::text)
            parts.push_back(text_part(assistant ? "output_text" : "input_text", part.text));
        else if (!assistant)
            parts.push_back(boost::json::object{{"type", "input_image"}, {"image_url", openai_image_url(part)}});
    }
    return parts;
}

// The reasoning items of an assistant message that this provider can take back.
inline void append_reasoning_items(boost::json::array& input, const Message& m, std::string_view origin) {
    for (const auto& r : m.reasoning) {
        if (r.state.origin != origin || r.state.id.empty()) continue; // another provider's: dropped
        boost::json::array summary;
        if (!r.text.empty()) summary.push_back(text_part("summary_text", r.text));
        boost::json::object item{{"type", "reasoning"}, {"id", r.state.id}, {"summary", std::move(summary)}};
        if (!r.state.data.empty()) item["encrypted_content"] = r.state.data;
        input.push_back(std::move(item));
    }
}

// A call to a custom tool goes back as custom_tool_call with its raw input, and its result as
// custom_tool_call_output; every other call as function_call and function_call_output.
struct CustomTools {
    std::set<std::string, std::less<>> names;
    std::set<std::string, std::less<>> call_ids; // calls made to one of them

    explicit CustomTools(const ChatRequest& r) {
        for (const auto& t : r.tools)
            if (t.kind == ToolDefinition::Kind::custom) names.insert(t.name);
    }
    bool empty() const { return names.empty(); }
};

// {"input": "..."} -> the raw input; anything else stays as it is.
inline std::string custom_call_input(std::string_view arguments) {
    boost::system::error_code ec;
    const auto v = boost::json::parse(arguments, ec);
    if (!ec && v.is_object())
        if (const auto* input = v.get_object().if_contains("input"); input && input->is_string())
            return std::string(input->get_string());
    return std::string(arguments);
}

inline void append_message_items(boost::json::array& input, const Message& m, std::string_view origin,
                                 CustomTools& custom) {
    switch (m.role) {
    case Role::system: return; // instructions
    case Role::tool:
        input.push_back(boost::json::object{
            {"type", custom.call_ids.contains(m.tool_call_id) ? "custom_tool_call_output" : "function_call_output"},
            {"call_id", m.tool_call_id},
            {"output", tool_result_text(m)}});
        return;
    case Role::assistant:
        append_reasoning_items(input, m, origin);
        if (!m.text().empty())
            input.push_back(
                boost::json::object{{"type", "message"}, {"role", "assistant"}, {"content", content_of(m)}});
        for (const auto& call : m.tool_calls) {
            if (custom.names.contains(call.name)) {
                custom.call_ids.insert(call.id);
                input.push_back(boost::json::object{{"type", "custom_tool_call"},
                                                    {"call_id", call.id},
                                                    {"name", call.name},
                                                    {"input", custom_call_input(call.arguments)}});
            } else {
                input.push_back(boost::json::object{{"type", "function_call"},
                                                    {"call_id", call.id},
                                                    {"name", call.name},
                                                    {"arguments", call.arguments.empty() ? "{}" : call.arguments}});
            }
        }
        return;
    case Role::user:
        input.push_back(boost::json::object{{"type", "message"}, {"role", "user"}, {"content", content_of(m)}});
        return;
    }
}

inline boost::json::object tool_of(const ToolDefinition& t) {
    if (t.kind == ToolDefinition::Kind::custom) {
        boost::json::object tool{{"type", "custom"}, {"name", t.name}};
        if (!t.description.empty()) tool["description"] = t.description;
        if (!t.format.empty()) tool["format"] = t.format;
        return tool;
    }
    boost::json::object tool{{"type", "function"}, {"name", t.name}};
    if (!t.description.empty()) tool["description"] = t.description;
    tool["parameters"] =
        t.parameters.empty()
            ? boost::json::value(boost::json::object{{"type", "object"}, {"properties", boost::json::object()}})
            : boost::json::value(t.parameters);
    return tool;
}

inline boost::json::value tool_choice(std::string_view choice, const CustomTools& custom) {
    if (choice == "auto" || choice == "none" || choice == "required") return boost::json::string(choice);
    return boost::json::object{{"type", custom.names.contains(choice) ? "custom" : "function"}, {"name", choice}};
}

inline boost::json::object text_format(const ResponseFormat& f) {
    switch (f.kind) {
    case ResponseFormat::Kind::json_object: return {{"type", "json_object"}};
    case ResponseFormat::Kind::json_schema:
        return {{"type", "json_schema"},
                {"name", f.name.empty() ? std::string("response") : f.name},
                {"schema", f.schema},
                {"strict", f.strict}};
    case ResponseFormat::Kind::text: break;
    }
    return {{"type", "text"}};
}

} // namespace responses_detail

// The /responses body for `r`, addressed to `model`; `origin` as in ResponsesWireOptions.
inline std::string responses_body(const ChatRequest& r, std::string_view model, const ResponsesWireOptions& wire,
                                  std::string_view origin) {
    using namespace responses_detail;
    boost::json::object body;
    body["model"] = model;
    std::string instructions;
    for (const auto& m : r.messages)
        if (m.role == Role::system) instructions += (instructions.empty() ? "" : "\n\n") + m.text();
    if (instructions.empty()) instructions = wire.default_instructions;
    if (!instructions.empty()) body["instructions"] = instructions;
    CustomTools custom(r);
    boost::json::array input;
    for (const auto& m : r.messages)
        append_message_items(input, m, origin, custom);
    body["input"] = std::move(input);
    if (!r.tools.empty()) {
        boost::json::array tools;
        for (const auto& t : r.tools)
            tools.push_back(tool_of(t));
        body["tools"] = std::move(tools);
        if (!r.tool_choice.empty()) body["tool_choice"] = tool_choice(r.tool_choice, custom);
    }
    if (r.parallel_tool_calls) body["parallel_tool_calls"] = *r.parallel_tool_calls;
    if (r.reasoning) {
        boost::json::object reasoning;
        if (!r.reasoning->effort.empty()) reasoning["effort"] = r.reasoning->effort;
        reasoning["summary"] = "auto";
        body["reasoning"] = std::move(reasoning);
        // Without a stored response, the reasoning comes back encrypted for the next turn.
        body["include"] = boost::json::array{"reasoning.encrypted_content"};
    }
    if (r.response_format) body["text"] = boost::json::object{{"format", text_format(*r.response_format)}};
    if (wire.send_sampling) {
        if (r.temperature) body["temperature"] = *r.temperature;
        if (r.top_p) body["top_p"] = *r.top_p;
        if (r.max_tokens) body["max_output_tokens"] = *r.max_tokens;
    }
    if (!r.prompt_cache_key.empty()) body["prompt_cache_key"] = r.prompt_cache_key;
    if (const std::string tier = openai_service_tier(r.service_tier); !tier.empty()) body["service_tier"] = tier;
    if (!r.user.empty()) body["user"] = r.user;
    body["store"] = wire.store;
    body["stream"] = r.stream || wire.always_stream;
    return boost::json::serialize(body);
}

} // namespace llmhost
