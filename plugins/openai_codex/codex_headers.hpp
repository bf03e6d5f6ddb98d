// The headers the ChatGPT Codex backend expects from Codex's own client: the bearer access
// token, the ChatGPT account (workspace) it acts for, and who is calling.
#pragma once

#include "codex_login_keeper.hpp"

#include <llmhost/http.hpp>

#include <string>
#include <string_view>

namespace llmhost::codex_plugin {

// Codex identifies itself so; the backend serves the Codex models to this originator.
inline constexpr std::string_view originator = "codex_cli_rs";
// The Codex release whose wire format this plugin speaks (the `version` header and the
// models listing's client_version). Codex sends its own package version in both; this is the
// Codex CLI the e2e tests install (tests/agent_clients/package.json).
inline constexpr std::string_view client_version = "0.169.0";

void add_codex_headers(Headers& headers, const CodexAuth& auth, std::string_view session_id);

// A random UUID (version 4) naming this provider instance's session to the backend.
std::string new_session_id();

} // namespace llmhost::codex_plugin
