#include "copilot_model_routes.hpp"

#include <llmhost/plugin_metadata.hpp>
#include <llmhost/support/json_read.hpp>

namespace llmhost::copilot_plugin {

WireApiChoice copilot_responses_models() {
    WireApiChoice choice;
    choice.responses_only = provider_metadata_strings(own_plugin_metadata(), "copilot", responses_models_key);
    return choice;
}

bool names_unsupported_api(std::string_view body) {
    boost::system::error_code ec;
    const auto v = boost::json::parse(body, ec);
    if (ec || !v.is_object()) return false;
    const auto* error = json_read::object_member(v.get_object(), "error");
    if (!error) return false;
    return json_read::string_member(*error, "code") == "unsupported_api_for_model" ||
           json_read::string_member(*error, "message").find("not supported via Responses API") != std::string::npos;
}

CopilotModelRoutes::CopilotModelRoutes() : fallback_(copilot_responses_models()) {}

bool CopilotModelRoutes::uses_responses(std::string_view model) const {
    {
        std::lock_guard lock(mutex_);
        if (const auto it = learned_.find(model); it != learned_.end()) return it->second;
    }
    return fallback_.uses_responses(model);
}

void CopilotModelRoutes::learn(std::string_view model, bool responses) {
    std::lock_guard lock(mutex_);
    learned_.insert_or_assign(std::string(model), responses);
}

void CopilotModelRoutes::learn_from_listing(const boost::json::object& entry) {
    using namespace json_read;
    const auto* endpoints = array_member(entry, "supported_endpoints");
    const auto id = string_member(entry, "id");
    if (!endpoints || id.empty()) return;
    bool chat = false, responses = false;
    for (const auto& e : *endpoints) {
        if (!e.is_string()) continue;
        chat = chat || e.get_string() == "/chat/completions";
        responses = responses || e.get_string() == "/responses";
    }
    if (chat || responses) learn(id, responses && !chat);
}

} // namespace llmhost::copilot_plugin
