#include "copilot_responses_client.hpp"

#include "copilot_headers.hpp"

#include <utility>

namespace llmhost::copilot_plugin {

ResponsesWireOptions copilot_responses_wire_options() {
    ResponsesWireOptions wire;
    wire.reasoning_origin = "copilot-responses"; // Copilot's encrypted reasoning goes back to Copilot only
    return wire;
}

CopilotResponsesClient::CopilotResponsesClient(ProviderConfig config, CopilotSession session,
                                               UnsupportedApiSeen* unsupported)
    : ResponsesClient(std::move(config), copilot_responses_wire_options()), session_(std::move(session)),
      unsupported_(unsupported) {}

std::string CopilotResponsesClient::responses_url(const Call& /*call*/) const {
    return session_.api_base + "/responses";
}

void CopilotResponsesClient::authorize(Headers& headers, const Call& /*call*/) const {
    set_header(headers, "Authorization", "Bearer " + session_.token);
}

void CopilotResponsesClient::add_headers(Headers& headers, const ChatRequest& request, const Call& /*call*/) const {
    add_api_headers(headers, session_.editor_version, &request);
}

std::optional<Error> CopilotResponsesClient::upstream_error(const HttpResponseHead& head, std::string_view body,
                                                            const Call& /*call*/) const {
    if (unsupported_ && head.status == 400 && names_unsupported_api(body)) unsupported_->seen = true;
    return std::nullopt;
}

} // namespace llmhost::copilot_plugin
