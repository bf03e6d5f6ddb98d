// Which of Copilot's two chat APIs serves a model. Copilot's /models lists each model's
// supported_endpoints, and some models (the Codex ones, gpt-5.4, ...) are served only by
// /responses: a chat for them on /chat/completions is answered 400 unsupported_api_for_model.
// What the provider learned — from a listing it fetched, or from such an answer, after which
// the call is retried once on the other API — decides; before that, the metadata's
// "responses_models".
#pragma once

#include <llmhost/protocol/responses/wire_api.hpp>

#include <boost/json.hpp>

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace llmhost::copilot_plugin {

WireApiChoice copilot_responses_models();

// Whether a failed chat's body says the model is not served by the API it was sent to:
// {"error":{"code":"unsupported_api_for_model", "message":"model X is not accessible via the
// /chat/completions endpoint"}}, or, from /responses, "model X is not supported via Responses API".
bool names_unsupported_api(std::string_view body);

// Set by a client when Copilot answered that the call's model is not served by its API.
struct UnsupportedApiSeen {
    bool seen = false;
};

class CopilotModelRoutes {
  public:
    CopilotModelRoutes();

    bool uses_responses(std::string_view model) const;

    void learn(std::string_view model, bool responses);

    // One entry of a /models listing: a model with supported_endpoints is served by /responses
    // when they name it and not /chat/completions.
    void learn_from_listing(const boost::json::object& entry);

  private:
    WireApiChoice fallback_;
    mutable std::mutex mutex_;
    std::map<std::string, bool, std::less<>> learned_;
};

} // namespace llmhost::copilot_plugin
