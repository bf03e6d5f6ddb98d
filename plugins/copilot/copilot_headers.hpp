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
void add_editor_headers(Headers& headers, std::string_view editor_version);

// "agent" for a tool-loop follow-up (the last message returns a tool result), else "user".
std::string_view initiator(const ChatRequest& request);

// The headers of every Copilot API request, on either chat API; `chat` is null for the model
// listing.
void add_api_headers(Headers& headers, std::string_view editor_version, const ChatRequest* chat);

} // namespace llmhost::copilot_plugin
