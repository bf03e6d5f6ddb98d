#include "ollama_request.hpp"

#include "ollama_reasoning.hpp"

#include <llmhost/error.hpp>
#include <llmhost/protocol/openai/request.hpp>
#include <llmhost/support/error_text.hpp>
#include <llmhost/support/json_read.hpp>

#include <utility>

namespace llmhost::ollama_plugin {

boost::json::array ollama_images(const Message& m) {
    boost::json::array images;
    for (const auto& part : m.content) {
        if (part.kind != ContentPart::Kind::image) continue;
        if (part.data.empty())
            throw Error(LLMH_ERR_BAD_REQUEST, "Ollama does not accept image URLs ('" +
                                                  error_text::snippet(part.url, 80) +
                                                  "'); send the image inline as base64 (e.g. chat --image FILE)");
        images.push_back(boost::json::string(part.data));
    }
    return images;
}

boost::json::object ollama_tool_arguments(const ToolCall& call) {
    if (call.arguments.find_first_not_of(" \t\r\n") == std::string::npos) return {};
    auto parsed = json_read::parse(call.arguments);
    if (!parsed || !parsed->is_object())
        throw Error(LLMH_ERR_BAD_REQUEST, "tool call '" + call.name +
                                              "' has arguments that are not a JSON object, which Ollama requires: " +
                                              error_text::snippet(call.arguments, 80));
    return std::move(parsed->get_object());
}

boost::json::object ollama_tool_call(const ToolCall& call) {
    boost::json::object wire{{"function", {{"name", call.name}, {"arguments", ollama_tool_arguments(call)}}}};
    if (!call.id.empty()) wire["id"] = call.id; // newer servers keep it; older ones ignore it
    return wire;
}

std::string tool_name_for(const Message& m, const std::map<std::string, std::string>& names_by_call_id) {
    if (!m.name.empty()) return m.name;
    const auto it = names_by_call_id.find(m.tool_call_id);
    return it == names_by_call_id.end() ? std::string() : it->second;
}

boost::json::array ollama_messages(const std::vector<Message>& messages) {
    boost::json::array out;
    std::map<std::string, std::string> names_by_call_id;
    for (const auto& m : messages) {
        boost::json::object wire{{"role", to_string(m.role)},
                                 {"content", m.role == Role::tool ? tool_result_text(m) : m.text()}};
        if (auto images = ollama_images(m); !images.empty()) wire["images"] = std::move(images);
        if (m.role == Role::assistant)
            if (auto thinking = reasoning_text_of(m, ollama_reasoning_origin); !thinking.empty())
                wire["thinking"] = std::move(thinking);
        if (m.role == Role::assistant && !m.tool_calls.empty()) {
            boost::json::array calls;
            for (const auto& call : m.tool_calls) {
                calls.push_back(ollama_tool_call(call));
                if (!call.id.empty()) names_by_call_id[call.id] = call.name;
            }
            wire["tool_calls"] = std::move(calls);
        }
        if (m.role == Role::tool)
            if (auto name = tool_name_for(m, names_by_call_id); !name.empty()) wire["tool_name"] = std::move(name);
        out.push_back(std::move(wire));
    }
    return out;
}

boost::json::array ollama_tools(const ChatRequest& r) {
    boost::json::array tools;
    if (r.tool_choice == "none") return tools;
    const bool named = !r.tool_choice.empty() && r.tool_choice != "auto" && r.tool_choice != "required";
    for (const auto& t : r.tools) {
        if (named && t.name != r.tool_choice) continue;
        std::string tool; // the same function shape as OpenAI's
        append_openai_tool(tool, t);
        tools.push_back(boost::json::parse(tool));
    }
    if (named && tools.empty())
        throw Error(LLMH_ERR_BAD_REQUEST,
                    "tool_choice names '" + r.tool_choice + "', which is not among the request's tools");
    return tools;
}

std::optional<boost::json::value> ollama_format(const std::optional<ResponseFormat>& f) {
    if (!f || f->kind == ResponseFormat::Kind::text) return std::nullopt;
    if (f->kind == ResponseFormat::Kind::json_schema && !f->schema.empty()) return boost::json::value(f->schema);
    return boost::json::value("json");
}

boost::json::value ollama_think(const ReasoningOptions& reasoning) {
    if (reasoning.effort.empty()) return true;
    if (reasoning.effort == "none") return false;
    if (reasoning.effort == "minimal") return "low";
    return boost::json::string(reasoning.effort);
}

boost::json::object ollama_model_options(const ChatRequest& r, const OllamaOptions& options) {
    boost::json::object out = options.model_options;
    if (r.temperature) out["temperature"] = *r.temperature;
    if (r.top_p) out["top_p"] = *r.top_p;
    if (r.top_k) out["top_k"] = *r.top_k;
    if (r.max_tokens) out["num_predict"] = *r.max_tokens;
    if (!r.stop.empty()) {
        boost::json::array stop;
        for (const auto& s : r.stop)
            stop.push_back(boost::json::string(s));
        out["stop"] = std::move(stop);
    }
    return out;
}

boost::json::object ollama_chat_body(const ChatRequest& r, std::string_view model, const OllamaOptions& options) {
    boost::json::object body{{"model", model}, {"messages", ollama_messages(r.messages)}, {"stream", r.stream}};
    if (auto tools = ollama_tools(r); !tools.empty()) body["tools"] = std::move(tools);
    if (auto format = ollama_format(r.response_format)) body["format"] = std::move(*format);
    if (auto model_options = ollama_model_options(r, options); !model_options.empty())
        body["options"] = std::move(model_options);
    if (options.keep_alive) body["keep_alive"] = *options.keep_alive;
    if (r.reasoning)
        body["think"] = ollama_think(*r.reasoning);
    else if (options.think)
        body["think"] = *options.think;
    return body;
}

boost::json::object ollama_embed_body(const EmbedRequest& r, std::string_view model, const OllamaOptions& options) {
    boost::json::array input;
    for (const auto& s : r.input)
        input.push_back(boost::json::string(s));
    boost::json::object body{{"model", model}, {"input", std::move(input)}};
    if (!options.model_options.empty()) body["options"] = options.model_options;
    if (options.keep_alive) body["keep_alive"] = *options.keep_alive;
    return body;
}

} // namespace llmhost::ollama_plugin
