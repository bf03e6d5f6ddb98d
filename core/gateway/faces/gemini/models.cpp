// The model list in Google's shape (GET /v1beta/models). Every model is listed under its
// selector, so "models/openai/gpt-4o" names what a request's path would; there is one page.
#include "core/gateway/faces/gemini/gemini_face.hpp"

#include <llmhost/support/json_write.hpp>

namespace llmhost::gateway::gemini_face {

std::string render_models(const std::vector<ListedModel>& models) {
    std::string out = "{\"models\":";
    append_json_array(out, models, [](std::string& o, const ListedModel& m) {
        o += "{\"name\":";
        append_json_string(o, "models/" + m.id);
        o += ",\"baseModelId\":";
        append_json_string(o, m.id);
        o += ",\"displayName\":";
        append_json_string(o, m.display_name.empty() ? m.id : m.display_name);
        o += R"(,"supportedGenerationMethods":["generateContent","streamGenerateContent","countTokens"]})";
    });
    out += '}';
    return out;
}

} // namespace llmhost::gateway::gemini_face
