#include "bedrock_models.hpp"

#include <llmhost/error.hpp>
#include <llmhost/support/error_text.hpp>
#include <llmhost/support/json_read.hpp>

#include <string>

namespace llmhost::bedrock {

boost::json::value foundation_models_result(std::string_view provider_id, std::string_view body) {
    using namespace json_read;
    const auto json = parse(body);
    const auto* summaries = json && json->is_object() ? array_member(json->get_object(), "modelSummaries") : nullptr;
    if (!summaries)
        throw Error(LLMH_ERR_MALFORMED_RESPONSE,
                    std::string(provider_id) +
                        ": the model listing has no modelSummaries: " + error_text::snippet(body));
    boost::json::array models;
    for (const auto& s : *summaries) {
        if (!s.is_object()) continue;
        const auto& o = s.get_object();
        const auto id = string_member(o, "modelId");
        if (id.empty()) continue;
        boost::json::object model{{"id", id}};
        if (const auto name = string_member(o, "modelName"); !name.empty()) model["name"] = name;
        if (const auto owner = string_member(o, "providerName"); !owner.empty()) model["owned_by"] = owner;
        models.push_back(std::move(model));
    }
    return {{"models", std::move(models)}};
}

} // namespace llmhost::bedrock
