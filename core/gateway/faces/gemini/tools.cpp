// Gemini tools and toolConfig -> canonical tool definitions and tool_choice. Only function
// declarations can be passed on: Google's own tools (googleSearch, codeExecution, urlContext...)
// run on Google's servers, so they are left out and named in X-Llmhost-Tools-Left-Out.
#include "core/gateway/faces/face_json.hpp"
#include "core/gateway/faces/gemini/request_parts.hpp"

namespace llmhost::gateway::gemini_face {
namespace {

using namespace face_json;

ToolDefinition function_declaration(const boost::json::value& value, const std::string& at) {
    const auto& o = as_object(value, at);
    ToolDefinition t;
    t.name = std::string(required_string(o, "name", at));
    t.description = std::string(string_field(o, "description", at).value_or(""));
    // parametersJsonSchema is full JSON Schema, parameters the OpenAPI subset; both are read
    // the same way (json_schema). The declared response schema and behavior mean nothing here.
    const auto* parameters = object_field(o, "parametersJsonSchema", at);
    if (!parameters) parameters = object_field(o, "parameters", at);
    if (parameters) t.parameters = json_schema(*parameters);
    return t;
}

// functionCallingConfig {mode, allowedFunctionNames} as a canonical tool_choice.
std::string tool_choice(const boost::json::object& o, const std::string& at) {
    const auto mode = string_field(o, "mode", at).value_or("MODE_UNSPECIFIED");
    const auto* allowed = array_field(o, "allowedFunctionNames", at);
    if (mode == "ANY") {
        // One allowed function is that function; several can only be "one of the tools".
        if (allowed && allowed->size() == 1)
            return std::string(as_string(allowed->front(), path(path(at, "allowedFunctionNames"), 0)));
        return "required";
    }
    if (mode == "AUTO" || mode == "VALIDATED") return "auto"; // VALIDATED: AUTO with schema adherence
    if (mode == "NONE") return "none";
    if (mode == "MODE_UNSPECIFIED") return {};
    throw_invalid("'" + path(at, "mode") + "' must be AUTO, ANY, NONE or VALIDATED", path(at, "mode"));
}

} // namespace

void read_tools(const boost::json::object& request, const std::string& at, ChatRequest& r, ResponseHeaders& notes) {
    if (const auto* tools = array_field(request, "tools", at)) {
        const std::string tools_at = path(at, "tools");
        std::string left_out;
        for (size_t i = 0; i < tools->size(); ++i) {
            const std::string tool_at = path(tools_at, i);
            for (const auto& [key, value] : as_object((*tools)[i], tool_at)) {
                if (value.is_null()) continue;
                if (key != "functionDeclarations") {
                    left_out += (left_out.empty() ? "" : ", ") + std::string(key);
                    continue;
                }
                const std::string declarations_at = path(tool_at, key);
                const auto& declarations = as_array(value, declarations_at);
                for (size_t j = 0; j < declarations.size(); ++j)
                    r.tools.push_back(function_declaration(declarations[j], path(declarations_at, j)));
            }
        }
        if (!left_out.empty()) notes.emplace_back("X-Llmhost-Tools-Left-Out", std::move(left_out));
    }
    const auto* config = object_field(request, "toolConfig", at);
    const auto* calling = config ? object_field(*config, "functionCallingConfig", path(at, "toolConfig")) : nullptr;
    // A calling mode means nothing without functions to call (and providers refuse one).
    if (calling && !r.tools.empty())
        r.tool_choice = tool_choice(*calling, path(path(at, "toolConfig"), "functionCallingConfig"));
}

} // namespace llmhost::gateway::gemini_face
