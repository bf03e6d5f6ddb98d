// The headers that make a request look like it comes from a Copilot editor plugin
// (docs/protocols/copilot.md). Which of them are strictly required is unverified, so
// llmhost sends the set the known working clients send.
#pragma once

#include <llmhost/chat.hpp>
#include <llmhost/http.hpp>

#include <string_view>

namespace llmhost::copilot_plugin {

inline constexpr std::string_view default_editor_version = "vscode/1.99.3";
inline constexpr std::string_view editor_plugin_version = "copilot-chat/0.26.7";
inline constexpr std::string_view copilot_user_agent = "GitHubCopilotChat/0.26.7";
inline constexpr std::string_view integration_id = "vscode-chat";
// zed sends this on /models; other clients send an older date.
inline constexpr std::string_view models_api_version = "2025-05-01";

// Editor-Version, Editor-Plugin-Version and User-Agent: on the token exchange and on chat.
inline void add_editor_headers(Headers& headers, std::string_view editor_version) {
    set_header(headers, "Editor-Version", editor_version);
    set_header(headers, "Editor-Plugin-Version", editor_plugin_version);
    set_header(headers, "User-Agent", copilot_user_agent);
}

// "agent" for a tool-loop follow-up (the last message returns a tool result), else "user".
inline std::string_view initiator(const ChatRequest& request) {
    return !request.messages.empty() && request.messages.back().role == Role::tool ? "agent" : "user";
}

// The headers of every Copilot API request, on either chat API; `chat` is null for the model
// listing.
inline void add_api_headers(Headers& headers, std::string_view editor_version, const ChatRequest* chat) {
    set_header(headers, "Copilot-Integration-Id", integration_id);
    add_editor_headers(headers, editor_version);
    if (!chat) return;
    set_header(headers, "X-Initiator", initiator(*chat));
    if (chat->has_images()) set_header(headers, "Copilot-Vision-Request", "true");
}

} // namespace llmhost::copilot_plugin
