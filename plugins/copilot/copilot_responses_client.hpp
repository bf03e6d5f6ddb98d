// Copilot's Responses-only models (copilot_model_routes.hpp) go to {api}/responses: the SDK's
// Responses client with the same token and headers as CopilotChatClient, made for one call.
#pragma once

#include "copilot_chat_client.hpp"
#include "copilot_headers.hpp"
#include "copilot_model_routes.hpp"

#include <llmhost/protocol/responses/client.hpp>

#include <optional>
#include <string>
#include <utility>

namespace llmhost::copilot_plugin {

inline ResponsesWireOptions copilot_responses_wire_options() {
    ResponsesWireOptions wire;
    wire.reasoning_origin = "copilot-responses"; // Copilot's encrypted reasoning goes back to Copilot only
    return wire;
}

class CopilotResponsesClient final : public ResponsesClient {
  public:
    CopilotResponsesClient(ProviderConfig config, CopilotSession session, UnsupportedApiSeen* unsupported = nullptr)
        : ResponsesClient(std::move(config), copilot_responses_wire_options()), session_(std::move(session)),
          unsupported_(unsupported) {}

  protected:
    std::string responses_url(const Call& /*call*/) const override { return session_.api_base + "/responses"; }
    void authorize(Headers& headers, const Call& /*call*/) const override {
        set_header(headers, "Authorization", "Bearer " + session_.token);
    }
    void add_headers(Headers& headers, const ChatRequest& request, const Call& /*call*/) const override {
        add_api_headers(headers, session_.editor_version, &request);
    }
    std::optional<Error> upstream_error(const HttpResponseHead& head, std::string_view body,
                                        const Call& /*call*/) const override {
        if (unsupported_ && head.status == 400 && names_unsupported_api(body)) unsupported_->seen = true;
        return std::nullopt;
    }

  private:
    CopilotSession session_;
    UnsupportedApiSeen* unsupported_;
};

} // namespace llmhost::copilot_plugin
