#include "gemini_models.hpp"

#include "gemini_endpoints.hpp"
#include "gemini_errors.hpp"

#include <llmhost/error.hpp>
#include <llmhost/support/json_read.hpp>

#include <boost/json.hpp>

namespace llmhost::gemini_plugin {

bool can_generate_content(const boost::json::object& model) {
    const auto* methods = json_read::array_member(model, "supportedGenerationMethods");
    if (!methods) return true;
    for (const auto& m : *methods)
        if (m.is_string() && m.get_string() == "generateContent") return true;
    return false;
}

std::string collect_gemini_models(std::string_view provider_id, const boost::json::value& page,
                                  boost::json::array& out) {
    using namespace json_read;
    if (!page.is_object())
        throw Error(LLMH_ERR_MALFORMED_RESPONSE, std::string(provider_id) + ": models response is not a JSON object");
    const auto& o = page.get_object();
    if (gemini_has_error(o)) throw gemini_embedded_error(provider_id, page);
    if (const auto* models = array_member(o, "models"))
        for (const auto& item : *models) {
            if (!item.is_object()) continue;
            const auto& entry = item.get_object();
            const std::string_view id = bare_model_id(string_member(entry, "name"));
            if (id.empty() || !can_generate_content(entry)) continue;
            boost::json::object model{{"id", id}};
            if (auto name = string_member(entry, "displayName"); !name.empty()) model["display_name"] = name;
            if (auto limit = integer_member(entry, "inputTokenLimit")) model["input_token_limit"] = *limit;
            if (auto limit = integer_member(entry, "outputTokenLimit")) model["output_token_limit"] = *limit;
            out.push_back(std::move(model));
        }
    return std::string(string_member(o, "nextPageToken"));
}

} // namespace llmhost::gemini_plugin
