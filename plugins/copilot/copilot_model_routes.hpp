// Which of Copilot's two chat APIs serves a model. Copilot's /models lists each model's
// supported_endpoints, and some models (the Codex ones, gpt-5.4, ...) are served only by
// /responses: a chat for them on /chat/completions is answered 400 unsupported_api_for_model.
// What the provider learned — from a listing it fetched, or from such an answer, after which
// the call is retried once on the other API — decides; before that, the metadata's
// "responses_models".
#pragma once

#include <llmhost/json_read.hpp>
#include <llmhost/plugin_metadata.hpp>
#include <llmhost/protocol/responses/wire_api.hpp>

#include <boost/json.hpp>

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace llmhost::copilot_plugin {

inline WireApiChoice copilot_responses_models() {
    WireApiChoice choice;
    choice.responses_only = provider_metadata_strings(own_plugin_metadata(), "copilot", responses_models_key);
    return choice;
}

// Whether a failed chat's body says the model is not served by the API it was sent to:
// {"error":{"code":"unsupported_api_for_model", "message":"model X is not accessible via the
// /chat/completions endpoint"}}, or, from /responses, "model X is not supported via Responses API".
inline bool names_unsupported_api(std::string_view body) {
    boost::system::error_code ec;
    const auto v = boost::json::parse(body, ec);
    if (ec || !v.is_object()) return false;
    const auto* error = json_read::object_member(v.get_object(), "error");
    if (!error) return false;
    return json_read::string_member(*error, "code") == "unsupported_api_for_model" ||
           json_read::string_member(*error, "message").find("not supported via Responses API") != std::string::npos;
}

// Set by a client when Copilot answered that the call's model is not served by its API.
struct UnsupportedApiSeen {
    bool seen = false;
};

class CopilotModelRoutes {
  public:
    CopilotModelRoutes() : fallback_(copilot_responses_models()) {}

    bool uses_responses(std::string_view model) const {
        {
            std::lock_guard lock(mutex_);
            if (const auto it = learned_.find(model); it != learned_.end()) return it->second;
        }
        return fallback_.uses_responses(model);
    }

    void learn(std::string_view model, bool responses) {
        std::lock_guard lock(mutex_);
        learned_.insert_or_assign(std::string(model), responses);
    }

    // One entry of a /models listing: a model with supported_endpoints is served by /responses
    // when they name it and not /chat/completions.
    void learn_from_listing(const boost::json::object& entry) {
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

  private:
    WireApiChoice fallback_;
    mutable std::mutex mutex_;
    std::map<std::string, bool, std::less<>> learned_;
};

} // namespace llmhost::copilot_plugin
