// Gemini contents -> canonical messages. "user" turns hold text, images and functionResponse
// parts; "model" turns hold text and functionCall parts. Each functionResponse becomes a tool
// message placed before the rest of its turn, paired with the call it answers: by id when
// the id names a call, else the earliest unanswered call of that name. Calls without an id
// get one ("call_<n>", in order, so the same history always gets the same ids).
#include "core/gateway/faces/face_json.hpp"
#include "core/gateway/faces/gemini/request_parts.hpp"
#include "core/gateway/faces/image_source.hpp"
#include "core/gateway/faces/reasoning_token.hpp"

#include <algorithm>
#include <optional>

namespace llmhost::gateway::gemini_face {
namespace {

using namespace face_json;

class CallLedger {
  public:
    std::string add(std::string_view id, std::string_view name) {
        std::string call_id = id.empty() ? "call_" + std::to_string(++unnamed_) : std::string(id);
        calls_.push_back({call_id, std::string(name), false});
        return call_id;
    }

    // The id of the call a response answers, or nullopt when no call matches.
    std::optional<std::string> answer(std::string_view id, std::string_view name) {
        auto it = std::find_if(calls_.begin(), calls_.end(), [&](const Call& c) { return !id.empty() && c.id == id; });
        // Some clients make up ids for responses to calls that had none: then the name decides.
        if (it == calls_.end())
            it = std::find_if(calls_.begin(), calls_.end(),
                              [&](const Call& c) { return !c.answered && c.name == name; });
        if (it == calls_.end()) return std::nullopt;
        it->answered = true;
        return it->id;
    }

  private:
    struct Call {
        std::string id, name;
        bool answered;
    };
    std::vector<Call> calls_;
    int unnamed_ = 0;
};

// Fields that describe a part rather than hold content.
bool is_part_metadata(std::string_view key) {
    return key == "thought" || key == "thoughtSignature" || key == "partMetadata" || key == "videoMetadata" ||
           key == "mediaResolution";
}

void require_image_type(std::string_view mime_type, const std::string& at) {
    if (!mime_type.starts_with("image/"))
        throw_invalid("'" + at + "' is \"" + std::string(mime_type) +
                          "\": only images can be passed on (the canonical model carries text and images)",
                      at);
}

// inlineData {mimeType, data} or fileData {mimeType?, fileUri} as an image; nullopt for
// other parts.
std::optional<ContentPart> media_part(const boost::json::object& part, const std::string& at) {
    if (const auto* data = object_field(part, "inlineData", at)) {
        const std::string data_at = path(at, "inlineData");
        const auto mime_type = required_string(*data, "mimeType", data_at);
        require_image_type(mime_type, path(data_at, "mimeType"));
        ContentPart image;
        image.kind = ContentPart::Kind::image;
        image.media_type = std::string(mime_type);
        image.data = std::string(required_string(*data, "data", data_at));
        return image;
    }
    if (const auto* file = object_field(part, "fileData", at)) {
        const std::string file_at = path(at, "fileData");
        if (const auto mime_type = string_field(*file, "mimeType", file_at))
            require_image_type(*mime_type, path(file_at, "mimeType"));
        return image_from_url(required_string(*file, "fileUri", file_at), path(file_at, "fileUri"));
    }
    return std::nullopt;
}

ToolCall function_call(const boost::json::object& o, const std::string& at, CallLedger& calls) {
    ToolCall call;
    call.name = std::string(required_string(o, "name", at));
    const auto* args = object_field(o, "args", at);
    call.arguments = args ? boost::json::serialize(*args) : "{}";
    call.id = calls.add(string_field(o, "id", at).value_or(""), call.name);
    return call;
}

// Most clients (Gemini CLI among them) wrap a plain result as {"output": "..."}: that text
// goes as it is, easier for any model to read than the JSON around it. A failure alone,
// {"error": ...} (the key Google documents for one), is its details: the tool message is
// marked as an error, so a provider wraps them again its own way. Anything else goes as JSON
// text.
std::string response_text(const boost::json::object& response) {
    if (response.size() == 1) {
        const auto& [key, value] = *response.begin();
        if ((key == "output" || key == "result" || key == "error") && value.is_string())
            return std::string(value.get_string());
        if (key == "error") return boost::json::serialize(value);
    }
    return boost::json::serialize(response);
}

bool reports_failure(const boost::json::object& response) {
    const auto* error = response.if_contains("error");
    return error && !error->is_null();
}

Message function_response(const boost::json::object& o, const std::string& at, CallLedger& calls) {
    Message m;
    m.role = Role::tool;
    m.name = std::string(required_string(o, "name", at));
    const auto answered = calls.answer(string_field(o, "id", at).value_or(""), m.name);
    if (!answered) throw_invalid("'" + at + "' answers no earlier functionCall of \"" + m.name + "\"", at);
    m.tool_call_id = *answered;
    const auto* response = object_field(o, "response", at);
    m.content.push_back(ContentPart::make_text(response ? response_text(*response) : "{}"));
    m.is_error = response && reports_failure(*response);
    // Media a function returns beside its response (Gemini 3's multimodal function responses).
    if (const auto* parts = array_field(o, "parts", at))
        for (size_t i = 0; i < parts->size(); ++i) {
            const std::string part_at = path(path(at, "parts"), i);
            auto media = media_part(as_object((*parts)[i], part_at), part_at);
            if (!media) throw_invalid("'" + part_at + "' must be inlineData or fileData", part_at);
            m.content.push_back(std::move(*media));
        }
    return m;
}

// A part with none of the content kinds read here: fine when it only holds metadata (a lone
// thoughtSignature), a 400 naming the kind otherwise (executableCode, codeExecutionResult...).
void check_only_metadata(const boost::json::object& part, const std::string& at) {
    for (const auto& [key, value] : part)
        if (!is_part_metadata(key) && !value.is_null())
            throw_invalid("part kind \"" + std::string(key) +
                              "\" is not supported (text, inlineData, fileData, functionCall and functionResponse are)",
                          path(at, key));
}

// A thoughtSignature: Gemini's own, or a token carrying another provider's state.
ReasoningState gemini_state(std::string_view signature) {
    return reasoning_from_field(signature, [](std::string_view s) {
        return ReasoningState{std::string(reasoning_origin::gemini), std::string(s), {}, {}};
    });
}

void read_content(const boost::json::value& value, const std::string& at, std::vector<Message>& out,
                  CallLedger& calls) {
    const auto& o = as_object(value, at);
    // No role is a user turn, as in Google's API; "function" is the role older clients give
    // functionResponse turns.
    const auto role = string_field(o, "role", at).value_or("user");
    if (role != "user" && role != "model" && role != "function")
        throw_invalid("'" + path(at, "role") + "' must be \"user\" or \"model\"", path(at, "role"));
    Message m;
    m.role = role == "model" ? Role::assistant : Role::user;
    const auto* parts = array_field(o, "parts", at);
    if (!parts) throw_invalid("'" + path(at, "parts") + "' is required", path(at, "parts"));
    for (size_t i = 0; i < parts->size(); ++i) {
        const std::string part_at = path(path(at, "parts"), i);
        const auto& part = as_object((*parts)[i], part_at);
        const auto signature = string_field(part, "thoughtSignature", part_at);
        // The model's earlier thoughts are not sent again (Gemini wants only their signatures).
        if (bool_field(part, "thought", part_at).value_or(false)) {
            if (signature && m.role == Role::assistant) m.reasoning.push_back({{}, gemini_state(*signature)});
            continue;
        }
        if (signature && m.role == Role::assistant && !object_field(part, "functionCall", part_at))
            m.reasoning.push_back({{}, gemini_state(*signature)});
        if (const auto text = string_field(part, "text", part_at)) {
            if (!text->empty()) m.content.push_back(ContentPart::make_text(std::string(*text)));
        } else if (auto media = media_part(part, part_at)) {
            m.content.push_back(std::move(*media));
        } else if (const auto* call = object_field(part, "functionCall", part_at)) {
            const std::string call_at = path(part_at, "functionCall");
            if (m.role != Role::assistant) throw_invalid("'" + call_at + "' must be in a \"model\" turn", call_at);
            m.tool_calls.push_back(function_call(*call, call_at, calls));
            if (signature) m.tool_calls.back().state = gemini_state(*signature);
        } else if (const auto* response = object_field(part, "functionResponse", part_at)) {
            const std::string response_at = path(part_at, "functionResponse");
            if (m.role == Role::assistant)
                throw_invalid("'" + response_at + "' must be in a \"user\" turn", response_at);
            out.push_back(function_response(*response, response_at, calls));
        } else {
            check_only_metadata(part, part_at);
        }
    }
    if (!m.content.empty() || !m.tool_calls.empty() || !m.reasoning.empty()) out.push_back(std::move(m));
}

} // namespace

void read_contents(const boost::json::array& contents, const std::string& at, std::vector<Message>& out) {
    CallLedger calls;
    for (size_t i = 0; i < contents.size(); ++i)
        read_content(contents[i], path(at, i), out, calls);
}

} // namespace llmhost::gateway::gemini_face
