// Copilot's Responses-only models (the Codex ones: its /models lists them with
// supported_endpoints ["/responses"] only) go to {api}/responses: the SDK's Responses client
// with the same token and editor headers as CopilotChatClient, made for one call.
#pragma once

#include "copilot_chat_client.hpp"
#include "copilot_headers.hpp"

#include <llmhost/responses_client.hpp>
#include <llmhost/responses_wire_api.hpp>

#include <string>
#include <utility>

namespace llmhost::copilot_plugin {

// Models Copilot serves only over /responses; dated or variant names (gpt-5.1-codex-mini) too.
inline WireApiChoice copilot_responses_models() {
    WireApiChoice choice;
    choice.responses_only = {"gpt-5-codex", "gpt-5.1-codex"};
    return choice;
}

inline ResponsesWireOptions copilot_responses_wire_options() {
    ResponsesWireOptions wire;
    wire.reasoning_origin = "copilot-responses"; // Copilot's encrypted reasoning goes back to Copilot only
    return wire;
}

class CopilotResponsesClient final : public ResponsesClient {
  public:
    CopilotResponsesClient(ProviderConfig config, CopilotSession session)
        : ResponsesClient(std::move(config), copilot_responses_wire_options()), session_(std::move(session)) {}

  protected:
    std::string responses_url(const Call& /*call*/) const override { return session_.api_base + "/responses"; }
    void authorize(Headers& headers, const Call& /*call*/) const override {
        set_header(headers, "Authorization", "Bearer " + session_.token);
    }
    void add_headers(Headers& headers, const ChatRequest& request, const Call& /*call*/) const override {
        set_header(headers, "Copilot-Integration-Id", integration_id);
        add_editor_headers(headers, session_.editor_version);
        set_header(headers, "X-Initiator", initiator(request));
        if (request.has_images()) set_header(headers, "Copilot-Vision-Request", "true");
    }

  private:
    CopilotSession session_;
};

} // namespace llmhost::copilot_plugin
