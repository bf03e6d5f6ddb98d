#include "gemini_request.hpp"

#include "gemini_schema.hpp"

#include <llmhost/error.hpp>
#include <llmhost/support/wire_extension.hpp>

#include <boost/json.hpp>

#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace llmhost::gemini_plugin {

namespace {

Error request_error(const std::string& message) { return Error(LLMH_ERR_BAD_REQUEST, message); }

// The MIME type an image URL's extension implies, or "" (the field is then left out).
std::string_view image_type_from_url(std::string_view url) {
    url = url.substr(0, url.find_first_of("?#"));
    const auto dot = url.rfind('.');
    if (dot == std::string_view::npos || url.find('/', dot) != std::string_view::npos) return {};
    std::string ext(url.substr(dot + 1));
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == "png") return "image/png";
    if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
    if (ext == "gif") return "image/gif";
    if (ext == "webp") return "image/webp";
    if (ext == "heic") return "image/heic";
    if (ext == "heif") return "image/heif";
    return {};
}

boost::json::object inline_data(std::string_view mime_type, std::string_view data) {
    return {
        {"inlineData", {{"mimeType", mime_type.empty() ? std::string_view("image/png") : mime_type}, {"data", data}}}};
}

boost::json::object image_part(const ContentPart& image) {
    if (image.url.empty()) return inline_data(image.media_type, image.data);
    constexpr std::string_view data_scheme = "data:";
    const std::string_view url = image.url;
    if (url.rfind(data_scheme, 0) == 0) { // data:<type>;base64,<bytes>: Gemini does not fetch data: URLs
        const auto comma = url.find(',');
        const std::string_view meta = url.substr(data_scheme.size(), comma - data_scheme.size());
        constexpr std::string_view base64_marker = ";base64";
        if (comma == std::string_view::npos || meta.size() < base64_marker.size() ||
            meta.substr(meta.size() - base64_marker.size()) != base64_marker)
            throw request_error("an image data: URL must be base64-encoded");
        return inline_data(meta.substr(0, meta.size() - base64_marker.size()), url.substr(comma + 1));
    }
    boost::json::object file{{"fileUri", url}};
    const std::string_view type = image.media_type.empty() ? image_type_from_url(url) : image.media_type;
    if (!type.empty()) file["mimeType"] = type;
    return {{"fileData", std::move(file)}};
}

boost::json::array content_parts(const Message& m) {
    boost::json::array parts;
    for (const auto& p : m.content) {
        if (p.kind == ContentPart::Kind::image)
            parts.push_back(image_part(p));
        else if (!p.text.empty())
            parts.push_back(boost::json::object{{"text", p.text}});
    }
    return parts;
}

// The arguments a model produced, as the object functionCall.args must be.
boost::json::object call_arguments(const ToolCall& call) {
    if (call.arguments.find_first_not_of(" \t\r\n") == std::string::npos) return {};
    boost::system::error_code ec;
    auto v = boost::json::parse(call.arguments, ec);
    if (ec || !v.is_object())
        throw request_error("the arguments of tool call '" + call.id + "' (" + call.name + ") are not a JSON object");
    return std::move(v.get_object());
}

// A function call with the thought signature Gemini gave it (another provider's state is
// left out: Gemini would refuse it).
boost::json::object function_call_part(const ToolCall& call) {
    boost::json::object part{{"functionCall", {{"name", call.name}, {"args", call_arguments(call)}}}};
    if (call.state.origin == reasoning_origin::gemini && !call.state.signature.empty())
        part["thoughtSignature"] = call.state.signature;
    return part;
}

// The signature a model turn's reasoning left (Gemini puts it on the turn's first text part).
std::string turn_signature(const Message& m) {
    for (const auto& r : m.reasoning)
        if (r.state.origin == reasoning_origin::gemini && !r.state.signature.empty()) return r.state.signature;
    return {};
}

// functionResponse.response must be an object: JSON objects go as they are, anything else
// (other JSON, plain text) is wrapped. A failed call's result goes under "error", the key
// Gemini reads as a failure ("output" and "error", FunctionResponse reference).
boost::json::object tool_result(const std::string& text, bool is_error) {
    boost::system::error_code ec;
    auto v = boost::json::parse(text, ec);
    if (is_error) return {{"error", ec ? boost::json::value(text) : std::move(v)}};
    if (!ec && v.is_object()) return std::move(v.get_object());
    if (ec) return {{"result", text}};
    return {{"result", std::move(v)}};
}

class ContentsBuilder {
  public:
    void add(const Message& m) {
        switch (m.role) {
        case Role::system: {
            const std::string text = m.text();
            if (!text.empty()) system_parts_.push_back(boost::json::object{{"text", text}});
            break;
        }
        case Role::user: append("user", content_parts(m), false); break;
        case Role::assistant: {
            boost::json::array parts = content_parts(m);
            if (const std::string signature = turn_signature(m); !signature.empty()) {
                if (parts.empty()) parts.push_back(boost::json::object{{"text", ""}});
                parts.front().as_object()["thoughtSignature"] = signature;
            }
            for (const auto& call : m.tool_calls) {
                parts.push_back(function_call_part(call));
                if (!call.id.empty()) tool_names_[call.id] = call.name;
            }
            append("model", std::move(parts), false);
            break;
        }
        case Role::tool: {
            boost::json::array parts;
            parts.push_back(boost::json::object{
                {"functionResponse", {{"name", tool_name(m)}, {"response", tool_result(m.text(), m.is_error)}}}});
            append("user", std::move(parts), true);
            break;
        }
        }
    }

    boost::json::array take_contents() { return std::move(contents_); }
    std::optional<boost::json::object> system_instruction() const {
        if (system_parts_.empty()) return std::nullopt;
        return boost::json::object{{"parts", system_parts_}};
    }

  private:
    // The function a result answers: named by the message, else by the call it answers.
    std::string tool_name(const Message& m) const {
        if (!m.name.empty()) return m.name;
        if (auto it = tool_names_.find(m.tool_call_id); it != tool_names_.end() && !it->second.empty())
            return it->second;
        throw request_error("the tool result for call '" + m.tool_call_id +
                            "' names no tool, and no earlier assistant message made that call "
                            "(Gemini needs the function name)");
    }

    void append(std::string_view role, boost::json::array parts, bool tool_results) {
        if (parts.empty()) return; // Gemini refuses a content without parts
        if (tool_results && last_holds_tool_results_) {
            auto& merged = contents_.back().as_object().at("parts").as_array();
            for (auto& p : parts)
                merged.push_back(std::move(p));
            return;
        }
        contents_.push_back({{"role", role}, {"parts", std::move(parts)}});
        last_holds_tool_results_ = tool_results;
    }

    boost::json::array contents_;
    boost::json::array system_parts_;
    std::map<std::string, std::string> tool_names_; // call id -> function name
    bool last_holds_tool_results_ = false;
};

boost::json::object function_declaration(const ToolDefinition& t) {
    boost::json::object declaration{{"name", t.name}};
    if (!t.description.empty()) declaration["description"] = t.description;
    boost::json::object parameters = gemini_schema(t.parameters);
    if (declares_arguments(parameters)) declaration["parameters"] = std::move(parameters);
    return declaration;
}

// "auto" | "none" | "required" | a tool name (the canonical spellings).
boost::json::object function_calling_config(std::string_view choice) {
    if (choice == "auto") return {{"mode", "AUTO"}};
    if (choice == "none") return {{"mode", "NONE"}};
    if (choice == "required") return {{"mode", "ANY"}};
    return {{"mode", "ANY"}, {"allowedFunctionNames", boost::json::array{boost::json::string(choice)}}};
}

// Budgets for the effort levels, as Google's OpenAI-compatible endpoint maps reasoning_effort
// (low 1024, medium 8192, high 24576; "none" turns thinking off; "minimal" is taken as low).
// An unknown level leaves the budget to the model.
std::optional<int64_t> thinking_budget(const ReasoningOptions& reasoning) {
    if (reasoning.budget_tokens) return *reasoning.budget_tokens;
    const std::string_view effort = reasoning.effort;
    if (effort == "none") return 0;
    if (effort == "minimal" || effort == "low") return 1024;
    if (effort == "medium") return 8192;
    if (effort == "high") return 24576;
    return std::nullopt;
}

boost::json::object thinking_config(const ReasoningOptions& reasoning) {
    const auto budget = thinking_budget(reasoning);
    // Asking for reasoning means wanting to see it: thought summaries come back as parts
    // marked `thought`.
    boost::json::object config{{"includeThoughts", budget.value_or(1) != 0}};
    if (budget) config["thinkingBudget"] = *budget;
    return config;
}

boost::json::object generation_config(const ChatRequest& r) {
    boost::json::object config;
    if (r.temperature) config["temperature"] = *r.temperature;
    if (r.top_p) config["topP"] = *r.top_p;
    if (r.top_k) config["topK"] = *r.top_k;
    if (r.max_tokens) config["maxOutputTokens"] = *r.max_tokens;
    if (!r.stop.empty()) {
        boost::json::array stop;
        for (const auto& s : r.stop)
            stop.push_back(boost::json::string(s));
        config["stopSequences"] = std::move(stop);
    }
    if (r.response_format && r.response_format->kind != ResponseFormat::Kind::text) {
        config["responseMimeType"] = "application/json";
        // responseJsonSchema takes full JSON Schema, so the canonical schema goes unchanged.
        if (r.response_format->kind == ResponseFormat::Kind::json_schema && !r.response_format->schema.empty())
            config["responseJsonSchema"] = r.response_format->schema;
    }
    if (r.reasoning) config["thinkingConfig"] = thinking_config(*r.reasoning);
    return config;
}

} // namespace

boost::json::object gemini_generate_body(const ChatRequest& r) {
    ContentsBuilder builder;
    for (const auto& m : r.messages)
        builder.add(m);
    boost::json::object body;
    body["contents"] = builder.take_contents();
    if (body["contents"].as_array().empty())
        throw request_error("the request has no user or assistant message to send (Gemini needs at least one)");
    if (auto system = builder.system_instruction()) body["systemInstruction"] = std::move(*system);
    if (!r.tools.empty()) {
        boost::json::array declarations;
        for (const auto& t : r.tools)
            declarations.push_back(function_declaration(t));
        body["tools"] = boost::json::array{boost::json::object{{"functionDeclarations", std::move(declarations)}}};
        // A calling mode only means something with functions to call.
        if (!r.tool_choice.empty())
            body["toolConfig"] = {{"functionCallingConfig", function_calling_config(r.tool_choice)}};
    }
    if (auto config = generation_config(r); !config.empty()) body["generationConfig"] = std::move(config);
    merge_extension_fields(body, r, wire_protocol::gemini);
    return body;
}

} // namespace llmhost::gemini_plugin
