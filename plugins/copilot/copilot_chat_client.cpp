#include "copilot_chat_client.hpp"

#include <llmhost/support/json_read.hpp>

#include <utility>

namespace llmhost::copilot_plugin {

OpenAIWireOptions copilot_wire_options(BetaFilter betas) {
    OpenAIWireOptions wire;
    // Whether Copilot honours stream_options is not verified [U]; it sends usage on the last
    // chunk unasked, so the field is left out rather than risk a rejection.
    wire.include_usage = false;
    wire.reasoning_origin = std::string(copilot_reasoning_origin);
    wire.reasoning_field = OpenAIWireOptions::ReasoningField::reasoning_text;
    wire.betas = std::move(betas);
    return wire;
}

CopilotChatClient::CopilotChatClient(ProviderConfig config, CopilotSession session, BetaFilter betas,
                                     CopilotModelRoutes* routes, UnsupportedApiSeen* unsupported)
    : OpenAICompatibleClient(std::move(config), copilot_wire_options(std::move(betas))), session_(std::move(session)),
      routes_(routes), unsupported_(unsupported) {}

std::string CopilotChatClient::url_for(OpenAIOperation op, std::string_view /*model*/, const Call& /*call*/) const {
    switch (op) {
    case OpenAIOperation::chat: return session_.api_base + "/chat/completions";
    case OpenAIOperation::embeddings: return session_.api_base + "/embeddings";
    case OpenAIOperation::models: return session_.api_base + "/models";
    }
    return session_.api_base + "/chat/completions";
}

void CopilotChatClient::authorize(Headers& headers, const Call& /*call*/) const {
    set_header(headers, "Authorization", "Bearer " + session_.token);
}

void CopilotChatClient::add_headers(Headers& headers, OpenAIOperation op, const ChatRequest* chat,
                                    const Call& /*call*/) const {
    add_api_headers(headers, session_.editor_version, chat);
    if (op == OpenAIOperation::models) set_header(headers, "X-GitHub-Api-Version", models_api_version);
}

Error CopilotChatClient::upstream_error(OpenAIOperation op, std::string_view model, const HttpResponseHead& head,
                                        std::string_view body, const Call& call) const {
    if (unsupported_ && op == OpenAIOperation::chat && head.status == 400 && names_unsupported_api(body))
        unsupported_->seen = true;
    return OpenAICompatibleClient::upstream_error(op, model, head, body, call);
}

bool CopilotChatClient::keep_model(const boost::json::object& entry) const {
    using namespace json_read;
    if (routes_) routes_->learn_from_listing(entry);
    const auto* picker = member(entry, "model_picker_enabled");
    if (!picker || !picker->is_bool() || !picker->get_bool()) return false;
    const auto* capabilities = object_member(entry, "capabilities");
    if (!capabilities || string_member(*capabilities, "type") != "chat") return false;
    const auto* policy = object_member(entry, "policy");
    return !policy || string_member(*policy, "state").empty() || string_member(*policy, "state") == "enabled";
}

} // namespace llmhost::copilot_plugin
