#include "copilot_headers.hpp"

namespace llmhost::copilot_plugin {

void add_editor_headers(Headers& headers, std::string_view editor_version) {
    set_header(headers, "Editor-Version", editor_version);
    set_header(headers, "Editor-Plugin-Version", editor_plugin_version);
    set_header(headers, "User-Agent", copilot_user_agent);
}

std::string_view initiator(const ChatRequest& request) {
    return !request.messages.empty() && request.messages.back().role == Role::tool ? "agent" : "user";
}

void add_api_headers(Headers& headers, std::string_view editor_version, const ChatRequest* chat) {
    set_header(headers, "Copilot-Integration-Id", integration_id);
    add_editor_headers(headers, editor_version);
    if (!chat) return;
    set_header(headers, "X-Initiator", initiator(*chat));
    if (chat->has_images()) set_header(headers, "Copilot-Vision-Request", "true");
}

} // namespace llmhost::copilot_plugin
