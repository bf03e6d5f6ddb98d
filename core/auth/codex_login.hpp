// `llmhost auth login|status|logout openai-codex`, without the command line: which ChatGPT
// login the openai-codex plugin will use, the device-code sign-in that creates llmhost's
// own, and its removal. Nothing here ever returns or prints a token.
#pragma once

#include "core/auth/poll_clock.hpp"
#include "core/transport/http_client.hpp"

#include <llmhost/support/codex_credentials.hpp>

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace llmhost::auth {

enum class CodexLoginSource {
    host_key,     // a key the host resolved for the provider (an access token given directly)
    llmhost_file, // <config>/llmhost/openai-codex.json, written by `auth login openai-codex`
    codex_file,   // $CODEX_HOME/auth.json (~/.codex/auth.json), written by Codex
};

// "host_key", "llmhost_file", "codex_file" (the `source` of `auth status --json`).
std::string_view to_string(CodexLoginSource source);

// A login as `auth status` shows it.
struct CodexLogin {
    CodexLoginSource source = CodexLoginSource::llmhost_file;
    std::string location;   // the variable (or "config api_key") or the file
    std::string email;      // "" when unknown
    std::string account_id; // "" when unknown (not a secret: it is sent as a header)
};

// The login the openai-codex plugin would use, in its order. `host_key_source` says where
// the host found a key for the provider ("" when it found none).
std::optional<CodexLogin> find_codex_login(const codex_credentials::EnvLookup& env, std::string_view host_key_source);

// One line for people: "signed in to ChatGPT as a@b.c (tokens in /.../auth.json, Codex's login)".
std::string describe(const CodexLogin& login);

struct CodexLoginSettings {
    codex_credentials::EnvLookup env;
    codex_credentials::Endpoints endpoints;
    bool force = false;              // sign in even when a login is already on disk
    std::function<bool()> cancelled; // Ctrl-C
};

struct CodexLoginResult {
    bool reused = false; // a login on disk was found and no flow ran
    CodexLogin login;
};

// Reuses llmhost's own login or Codex's (unless `force`), else runs the device flow: the code
// and where to enter it go to `messages`, and the tokens are saved to llmhost's file.
// Throws llmhost::Error (exit 3 for denied or expired codes).
CodexLoginResult login_codex(transport::HttpClient& http, const CodexLoginSettings& settings, PollClock& clock,
                             std::ostream& messages);

// Removes llmhost's own login file (never Codex's). Returns its path, or "" when there was none.
std::string logout_codex(const codex_credentials::EnvLookup& env);

} // namespace llmhost::auth
