// The Copilot chat API is OpenAI Chat Completions (docs/protocols/copilot.md): this is the SDK's
// OpenAICompatibleClient with Copilot's URL, bearer token and editor headers, made for one
// call with the Copilot token that call exchanged.
//
// Reasoning (Claude and Gemini models) streams as reasoning_text, with its state as
// reasoning_opaque (in deltas and in whole messages); both go back on the assistant turn
// they came with, and only Copilot's own: Gemini refuses a tool turn whose call lost it.
#pragma once

#include "copilot_headers.hpp"
#include "copilot_model_routes.hpp"

#include <llmhost/protocol/openai/compat.hpp>

#include <string>
#include <utility>

namespace llmhost::copilot_plugin {

struct CopilotSession {
    std::string token;    // the Copilot API token (secret)
    std::string api_base; // e.g. https://api.individual.githubcopilot.com
    std::string editor_version;
};

inline OpenAIWireOptions copilot_wire_options(BetaFilter betas = {}) {
    OpenAIWireOptions wire;
    // Whether Copilot honours stream_options is not verified [U]; it sends usage on the last
    // chunk unasked, so the field is left out rather than risk a rejection.
    wire.include_usage = false;
    wire.reasoning_origin = std::string(copilot_reasoning_origin);
    wire.reasoning_field = OpenAIWireOptions::ReasoningField::reasoning_text;
    wire.betas = std::move(betas);
    return wire;
}

class CopilotChatClient final : public OpenAICompatibleClient {
  public:
    // `routes` learns from the listing's entries; `unsupported` records an answer saying the
    // model is not served here. Either may be null.
    CopilotChatClient(ProviderConfig config, CopilotSession session, BetaFilter betas = {},
                      CopilotModelRoutes* routes = nullptr, UnsupportedApiSeen* unsupported = nullptr)
        : OpenAICompatibleClient(std::move(config), copilot_wire_options(std::move(betas))),
          session_(std::move(session)), routes_(routes), unsupported_(unsupported) {}

  protected:
    std::string url_for(OpenAIOperation op, std::string_view /*model*/, const Call& /*call*/) const override {
        switch (op) {
        case OpenAIOperation::chat: return session_.api_base + "/chat/completions";
        case OpenAIOperation::embeddings: return session_.api_base + "/embeddings";
        case OpenAIOperation::models: return session_.api_base + "/models";
        }
        return session_.api_base + "/chat/completions";
    }

    // The call's credential is the GitHub token; Copilot wants the exchanged token instead.
    void authorize(Headers& headers, const Call& /*call*/) const override {
        set_header(headers, "Authorization", "Bearer " + session_.token);
    }

    void add_headers(Headers& headers, OpenAIOperation op, const ChatRequest* chat,
                     const Call& /*call*/) const override {
        add_api_headers(headers, session_.editor_version, chat);
        if (op == OpenAIOperation::models) set_header(headers, "X-GitHub-Api-Version", models_api_version);
    }

    Error upstream_error(OpenAIOperation op, std::string_view model, const HttpResponseHead& head,
                         std::string_view body, const Call& call) const override {
        if (unsupported_ && op == OpenAIOperation::chat && head.status == 400 && names_unsupported_api(body))
            unsupported_->seen = true;
        return OpenAICompatibleClient::upstream_error(op, model, head, body, call);
    }

    // Only what the editors' model pickers offer for chat, and not disabled by policy.
    bool keep_model(const boost::json::object& entry) const override {
        using namespace json_read;
        if (routes_) routes_->learn_from_listing(entry);
        const auto* picker = member(entry, "model_picker_enabled");
        if (!picker || !picker->is_bool() || !picker->get_bool()) return false;
        const auto* capabilities = object_member(entry, "capabilities");
        if (!capabilities || string_member(*capabilities, "type") != "chat") return false;
        const auto* policy = object_member(entry, "policy");
        return !policy || string_member(*policy, "state").empty() || string_member(*policy, "state") == "enabled";
    }

  private:
    CopilotSession session_;
    CopilotModelRoutes* routes_;
    UnsupportedApiSeen* unsupported_;
};

} // namespace llmhost::copilot_plugin
