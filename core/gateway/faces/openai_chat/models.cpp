// The model list in OpenAI's shape.
#include "core/gateway/faces/openai_chat/openai_chat_face.hpp"

#include <boost/json.hpp>

namespace llmhost::gateway::openai_face {

std::string render_models(const std::vector<ListedModel>& models) {
    boost::json::array data;
    for (const auto& m : models)
        data.push_back({{"id", m.id}, {"object", "model"}, {"created", 0}, {"owned_by", m.provider}});
    return boost::json::serialize(boost::json::object{{"object", "list"}, {"data", std::move(data)}});
}

} // namespace llmhost::gateway::openai_face
