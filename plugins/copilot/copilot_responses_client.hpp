// Copilot's Responses-only models (copilot_model_routes.hpp) go to {api}/responses: the SDK's
// Responses client with the same token and headers as CopilotChatClient, made for one call.
#pragma once

#include "copilot_chat_client.hpp"
#include "copilot_model_routes.hpp"

#include <llmhost/protocol/responses/client.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace llmhost::copilot_plugin {

ResponsesWireOptions copilot_responses_wire_options();

class CopilotResponsesClient final : public ResponsesClient {
  public:
    CopilotResponsesClient(ProviderConfig config, CopilotSession session, UnsupportedApiSeen* unsupported = nullptr);

  protected:
    std::string responses_url(const Call& call) const override;
    void authorize(Headers& headers, const Call& call) const override;
    void add_headers(Headers& headers, const ChatRequest& request, const Call& call) const override;
    std::optional<Error> upstream_error(const HttpResponseHead& head, std::string_view body,
                                        const Call& call) const override;

  private:
    CopilotSession session_;
    UnsupportedApiSeen* unsupported_;
};

} // namespace llmhost::copilot_plugin
