#include "converse_request.hpp"

#include "converse_cache.hpp"
#include "converse_models.hpp"
#include "converse_reasoning.hpp"

#include <llmhost/error.hpp>
#include <llmhost/support/json_read.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace llmhost::bedrock {

namespace {

// Converse image formats from a media type ("image/png" -> "png").
std::string image_format(std::string_view media_type, std::string_view base64) {
    std::string_view type = media_type;
    if (type.starts_with("image/")) type.remove_prefix(6);
    if (type == "png" || type == "gif" || type == "webp") return std::string(type);
    if (type == "jpeg" || type == "jpg") return "jpeg";
    if (type.empty()) { // no media type: recognise the file signature inside the base64 text
        if (base64.starts_with("iVBORw0KGgo")) return "png";
        if (base64.starts_with("/9j/")) return "jpeg";
        if (base64.starts_with("R0lGOD")) return "gif";
        if (base64.starts_with("UklGR")) return "webp";
    }
    throw Error(LLMH_ERR_BAD_REQUEST,
                "unsupported image type '" + std::string(media_type) + "' (Converse takes png, jpeg, gif and webp)");
}

boost::json::object image_block(const ContentPart& part) {
    std::string media_type = part.media_type, data = part.data;
    if (!part.url.empty()) {
        // data:image/png;base64,.... is inline after all; anything else would need fetching.
        constexpr std::string_view prefix = "data:";
        const size_t comma = part.url.find(',');
        const size_t marker = part.url.find(";base64");
        if (!part.url.starts_with(prefix) || comma == std::string::npos || marker == std::string::npos ||
            marker > comma)
            throw Error(LLMH_ERR_BAD_REQUEST,
                        "images must be sent inline (base64); Converse cannot fetch an image URL");
        media_type = part.url.substr(prefix.size(), marker - prefix.size());
        data = part.url.substr(comma + 1);
    }
    return {{"image", {{"format", image_format(media_type, data)}, {"source", {{"bytes", data}}}}}};
}

// What the model takes beyond the common Converse subset.
struct ModelTraits {
    bool tool_status = false; // toolResult.status: Claude and Nova (AWS ToolResultBlock reference)
    bool reasoning = false;   // signed reasoning given back
    CachePlacement cache;
};

ModelTraits model_traits(std::string_view model) {
    return {is_anthropic_model(model) || is_nova_model(model), takes_signed_reasoning(model), cache_placement(model)};
}

// Text and image blocks of a message, each followed by its cache point; empty text is left
// out (Converse rejects blank text).
boost::json::array content_blocks(const Message& m, bool caching) {
    boost::json::array blocks;
    for (const auto& part : m.content) {
        if (part.kind == ContentPart::Kind::image)
            blocks.push_back(image_block(part));
        else if (!part.text.empty())
            blocks.push_back(boost::json::object{{"text", part.text}});
        if (caching) append_cache_point(blocks, part.cache);
    }
    return blocks;
}

boost::json::object tool_use_block(const ToolCall& call) {
    boost::json::value input = boost::json::object();
    if (!call.arguments.empty()) {
        auto parsed = json_read::parse(call.arguments);
        if (!parsed || !parsed->is_object())
            throw Error(LLMH_ERR_BAD_REQUEST,
                        "the arguments of tool call '" + call.id + "' are not a JSON object, which Converse requires");
        input = std::move(*parsed);
    }
    return {{"toolUse", {{"toolUseId", call.id}, {"name", call.name}, {"input", std::move(input)}}}};
}

// A tool message's result: a JSON object result travels as {json}, anything else as {text}.
// A failure is `status: "error"` where the model takes it, else said in a leading text block.
boost::json::object tool_result_block(const Message& m, bool with_status) {
    boost::json::array content;
    if (m.is_error && !with_status) content.push_back(boost::json::object{{"text", "Error:"}});
    const std::string text = m.text();
    if (auto parsed = json_read::parse(text); parsed && parsed->is_object())
        content.push_back(boost::json::object{{"json", std::move(*parsed)}});
    else if (!text.empty())
        content.push_back(boost::json::object{{"text", text}});
    for (const auto& part : m.content)
        if (part.kind == ContentPart::Kind::image) content.push_back(image_block(part));
    boost::json::object result{{"toolUseId", m.tool_call_id}, {"content", std::move(content)}};
    if (with_status) result["status"] = m.is_error ? "error" : "success";
    return {{"toolResult", std::move(result)}};
}

// A tool message as the one toolResult block it is; toolResult content takes no cache point,
// so a mark on any of its parts or on the message goes after the block.
boost::json::array tool_result_blocks(const Message& m, const ModelTraits& traits) {
    boost::json::array blocks{tool_result_block(m, traits.tool_status)};
    if (!traits.cache.prompt) return blocks;
    for (const auto& part : m.content)
        append_cache_point(blocks, part.cache);
    append_cache_point(blocks, m.cache);
    return blocks;
}

// An assistant message: its reasoning, text and images, then its tool calls.
boost::json::array assistant_blocks(const Message& m, const ModelTraits& traits) {
    boost::json::array blocks;
    if (traits.reasoning) append_reasoning_blocks(m, blocks);
    for (auto& b : content_blocks(m, traits.cache.prompt))
        blocks.push_back(std::move(b));
    for (const auto& call : m.tool_calls) {
        blocks.push_back(tool_use_block(call));
        if (traits.cache.prompt) append_cache_point(blocks, call.cache);
    }
    if (traits.cache.prompt) append_cache_point(blocks, m.cache);
    return blocks;
}

boost::json::object tool_choice(std::string_view choice) {
    if (choice == "auto") return {{"auto", boost::json::object()}};
    if (choice == "required") return {{"any", boost::json::object()}};
    return {{"tool", {{"name", choice}}}};
}

boost::json::object tool_spec(std::string_view name, std::string_view description,
                              const boost::json::object& parameters) {
    boost::json::object spec{{"name", name}};
    if (!description.empty()) spec["description"] = description; // Converse wants it non-empty when present
    boost::json::object schema = parameters;
    if (schema.empty()) schema = {{"type", "object"}, {"properties", boost::json::object()}};
    spec["inputSchema"] = {{"json", std::move(schema)}};
    return {{"toolSpec", std::move(spec)}};
}

// toolConfig, or nullopt. Converse refuses toolUse/toolResult blocks in the history without a
// toolConfig, so when the request offers no tools the names used in the history are declared.
std::optional<boost::json::object> tool_config(const ChatRequest& r, const ModelTraits& traits) {
    std::set<std::string> history_tools;
    bool history_has_tool_blocks = false;
    for (const auto& m : r.messages) {
        for (const auto& c : m.tool_calls)
            history_tools.insert(c.name);
        history_has_tool_blocks = history_has_tool_blocks || !m.tool_calls.empty() || m.role == Role::tool;
    }
    boost::json::array tools;
    if (!r.tools.empty()) {
        // "none": Converse has no such choice; leaving the tools out is the way to forbid
        // calls, unless the history needs them declared.
        if (r.tool_choice == "none" && !history_has_tool_blocks) return std::nullopt;
        for (const auto& t : r.tools) {
            tools.push_back(tool_spec(t.name, t.description, t.parameters));
            if (traits.cache.tools) append_cache_point(tools, t.cache);
        }
    } else {
        if (!history_has_tool_blocks) return std::nullopt;
        for (const auto& name : history_tools)
            tools.push_back(tool_spec(name, {}, {}));
        if (tools.empty()) return std::nullopt; // results without calls: nothing to declare
    }
    boost::json::object config{{"tools", std::move(tools)}};
    if (!r.tools.empty() && !r.tool_choice.empty() && r.tool_choice != "none")
        config["toolChoice"] = tool_choice(r.tool_choice);
    return config;
}

std::optional<boost::json::object> output_config(const ChatRequest& r) {
    if (!r.response_format || r.response_format->kind == ResponseFormat::Kind::text) return std::nullopt;
    const auto& f = *r.response_format;
    // json_object has no schema; "any object" says the same in the only form Converse takes.
    const boost::json::object schema =
        f.kind == ResponseFormat::Kind::json_schema ? f.schema : boost::json::object{{"type", "object"}};
    boost::json::object json_schema{{"schema", boost::json::serialize(schema)},
                                    {"name", f.name.empty() ? std::string("response") : f.name}};
    return boost::json::object{
        {"textFormat", {{"type", "json_schema"}, {"structure", {{"jsonSchema", std::move(json_schema)}}}}}};
}

// Claude's extended thinking budget for a canonical effort (Claude's minimum is 1024).
int64_t thinking_budget(const ReasoningOptions& r) {
    if (r.budget_tokens) return *r.budget_tokens;
    if (r.effort == "low" || r.effort == "minimal") return 1024;
    if (r.effort == "high") return 16384;
    return 4096;
}

std::optional<boost::json::object> inference_config(const ChatRequest& r) {
    boost::json::object c;
    if (r.max_tokens) c["maxTokens"] = *r.max_tokens;
    if (r.temperature) c["temperature"] = *r.temperature;
    if (r.top_p) c["topP"] = *r.top_p;
    if (!r.stop.empty()) {
        boost::json::array stop;
        for (const auto& s : r.stop)
            stop.push_back(boost::json::string(s));
        c["stopSequences"] = std::move(stop);
    }
    if (c.empty()) return std::nullopt;
    return c;
}

// serviceTier for the tiers Converse names (AWS ServiceTier reference); "auto" and other
// providers' names leave the choice to Bedrock.
std::optional<boost::json::object> service_tier(std::string_view tier) {
    for (std::string_view known : {"default", "flex", "priority", "reserved"})
        if (tier == known) return boost::json::object{{"type", tier}};
    return std::nullopt;
}

// Model-specific fields: the option's, under what the request asks for. Families without a
// known slot get neither thinking nor top_k: an unknown field is a ValidationException.
boost::json::object additional_fields(const ChatRequest& r, std::string_view model,
                                      const boost::json::object& extra_fields) {
    boost::json::object additional = extra_fields;
    if (is_anthropic_model(model)) {
        if (r.reasoning && r.reasoning->effort != "none")
            additional["thinking"] = {{"type", "enabled"}, {"budget_tokens", thinking_budget(*r.reasoning)}};
        if (r.top_k) additional["top_k"] = *r.top_k;
    } else if (is_nova_model(model) && r.top_k) {
        auto& config = additional["inferenceConfig"];
        if (!config.is_object()) config = boost::json::object();
        config.as_object()["topK"] = *r.top_k;
    }
    return additional;
}

// The messages array: system messages left out, same-role neighbours merged.
boost::json::array converse_messages(const std::vector<Message>& messages, const ModelTraits& traits) {
    boost::json::array out;
    for (const auto& m : messages) {
        boost::json::array blocks;
        switch (m.role) {
        case Role::system: continue;
        case Role::tool: blocks = tool_result_blocks(m, traits); break;
        case Role::assistant: blocks = assistant_blocks(m, traits); break;
        case Role::user:
            blocks = content_blocks(m, traits.cache.prompt);
            if (traits.cache.prompt) append_cache_point(blocks, m.cache);
            break;
        }
        if (blocks.empty()) continue;
        const std::string_view role = m.role == Role::assistant ? "assistant" : "user";
        if (!out.empty() && out.back().as_object().at("role").as_string() == role) {
            auto& content = out.back().as_object().at("content").as_array();
            for (auto& b : blocks)
                content.push_back(std::move(b));
        } else {
            out.push_back({{"role", role}, {"content", std::move(blocks)}});
        }
    }
    return out;
}

// Every system message's text blocks, in order, with their cache points.
boost::json::array converse_system(const std::vector<Message>& messages, const ModelTraits& traits) {
    boost::json::array system;
    for (const auto& m : messages) {
        if (m.role != Role::system) continue;
        for (const auto& part : m.content) {
            if (part.kind == ContentPart::Kind::text && !part.text.empty())
                system.push_back(boost::json::object{{"text", part.text}});
            if (traits.cache.prompt) append_cache_point(system, part.cache);
        }
        if (traits.cache.prompt) append_cache_point(system, m.cache);
    }
    return system;
}

} // namespace

boost::json::object converse_request_body(const ChatRequest& request, std::string_view model,
                                          const boost::json::object& extra_fields) {
    const ModelTraits traits = model_traits(model);
    boost::json::object body;
    if (auto system = converse_system(request.messages, traits); !system.empty()) body["system"] = std::move(system);
    body["messages"] = converse_messages(request.messages, traits);
    if (auto c = inference_config(request)) body["inferenceConfig"] = std::move(*c);
    if (auto t = tool_config(request, traits)) body["toolConfig"] = std::move(*t);
    if (auto o = output_config(request)) body["outputConfig"] = std::move(*o);
    if (auto tier = service_tier(request.service_tier)) body["serviceTier"] = std::move(*tier);
    if (auto additional = additional_fields(request, model, extra_fields); !additional.empty())
        body["additionalModelRequestFields"] = std::move(additional);
    return body;
}

} // namespace llmhost::bedrock
