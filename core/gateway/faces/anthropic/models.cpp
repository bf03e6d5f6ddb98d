// The model list in Anthropic's shape (GET /v1/models with an anthropic-version header).
#include "core/gateway/faces/anthropic/anthropic_face.hpp"

#include <boost/json.hpp>

namespace llmhost::gateway::anthropic_face {

std::string render_models(const std::vector<ListedModel>& models) {
    boost::json::array data;
    for (const auto& m : models)
        data.push_back({{"type", "model"},
                        {"id", m.id},
                        {"display_name", m.display_name.empty() ? m.id : m.display_name},
                        {"created_at", "1970-01-01T00:00:00Z"}});
    boost::json::object o{{"data", std::move(data)}, {"has_more", false}};
    o["first_id"] = models.empty() ? boost::json::value(nullptr) : boost::json::value(models.front().id);
    o["last_id"] = models.empty() ? boost::json::value(nullptr) : boost::json::value(models.back().id);
    return boost::json::serialize(o);
}

} // namespace llmhost::gateway::anthropic_face
