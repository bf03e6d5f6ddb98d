// Gemini generateContent / countTokens request -> canonical ChatRequest: the system
// instruction, then the pieces of request_parts.hpp.
#include "core/gateway/faces/face_json.hpp"
#include "core/gateway/faces/gemini/gemini_face.hpp"
#include "core/gateway/faces/gemini/request_parts.hpp"

#include <llmhost/support/json_read.hpp>

namespace llmhost::gateway::gemini_face {
namespace {

using namespace face_json;

// systemInstruction {"parts":[{"text"}...]} -> the text of one system message. Its role, if
// any, means nothing.
std::string system_text(const boost::json::object& instruction, const std::string& at) {
    std::string text;
    const auto* parts = array_field(instruction, "parts", at);
    if (!parts) return text;
    const std::string parts_at = path(at, "parts");
    for (size_t i = 0; i < parts->size(); ++i) {
        const std::string part_at = path(parts_at, i);
        const auto& part = as_object((*parts)[i], part_at);
        const auto part_text = string_field(part, "text", part_at);
        if (!part_text) throw_invalid("'" + part_at + "' must be a text part", part_at);
        if (part_text->empty()) continue;
        if (!text.empty()) text += "\n\n";
        text += *part_text;
    }
    return text;
}

void read_request(const boost::json::object& o, const std::string& at, FaceChatRequest& out, ReplyShape& shape) {
    ChatRequest& r = out.chat;
    if (const auto* instruction = object_field(o, "systemInstruction", at)) {
        std::string text = system_text(*instruction, path(at, "systemInstruction"));
        if (!text.empty()) r.messages.push_back({Role::system, {ContentPart::make_text(std::move(text))}, {}, {}, {}});
    }
    const std::string contents_at = path(at, "contents");
    const auto* contents = array_field(o, "contents", at);
    if (!contents || contents->empty())
        throw_invalid("'" + contents_at + "' is required and must not be empty", contents_at);
    read_contents(*contents, contents_at, r.messages);
    read_tools(o, at, r, out.notes);
    if (const auto* config = object_field(o, "generationConfig", at))
        read_generation_config(*config, path(at, "generationConfig"), r, shape);
    // safetySettings, cachedContent, labels...: Google's own services, nothing to pass on.
}

} // namespace

const ReplyShape& reply_shape(const FaceChatRequest& request) {
    static const ReplyShape fallback;
    return request.state ? *static_cast<const ReplyShape*>(request.state.get()) : fallback;
}

FaceChatRequest parse_generate_content(std::string_view body, std::string model, bool stream) {
    if (model.empty()) throw_invalid("the path names no model (/v1beta/models/{model}:generateContent)", "model");
    json_read::ScratchArena arena; // the document is read into the canonical request and dropped
    const boost::json::object o = parse_body(body, arena.storage());
    FaceChatRequest out;
    auto shape = std::make_shared<ReplyShape>();
    // countTokens takes the request itself or wraps it: {"generateContentRequest":{"model",...}}.
    const auto* wrapped = member(o, "contents") ? nullptr : object_field(o, "generateContentRequest");
    if (wrapped)
        read_request(*wrapped, "generateContentRequest", out, *shape);
    else
        read_request(o, {}, out, *shape);
    out.chat.model = std::move(model);
    out.stream = stream;
    out.chat.stream = stream;
    out.state = std::move(shape);
    return out;
}

} // namespace llmhost::gateway::gemini_face
