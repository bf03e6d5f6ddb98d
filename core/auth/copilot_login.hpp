// `llmhost auth login|status|logout copilot`, without the command line: which GitHub login
// the copilot plugin will use, the device-code login that creates llmhost's own, and its
// removal. Nothing here ever returns or prints a token.
#pragma once

#include "core/auth/poll_clock.hpp"
#include "core/transport/http_client.hpp"

#include <llmhost/support/copilot_credentials.hpp>

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace llmhost::auth {

enum class LoginSource {
    host_key,     // GH_COPILOT_TOKEN, COPILOT_API_KEY or a configured api_key
    llmhost_file, // <config>/llmhost/copilot.json, written by `auth login copilot`
    editor_file,  // <config>/github-copilot/{apps,hosts}.json, written by other editors
};

// "host_key", "llmhost_file", "editor_file" (the `source` of `auth status --json`).
std::string_view to_string(LoginSource source);

// A login as `auth status` shows it.
struct CopilotLogin {
    LoginSource source = LoginSource::llmhost_file;
    std::string location; // the variable (or "config api_key") or the file
    std::string user;     // "" when unknown
    std::string host;     // e.g. "github.com"
};

// The login the copilot plugin would use, in its order. `host_key_source` says where the
// host found a key for the provider ("" when it found none).
std::optional<CopilotLogin> find_copilot_login(const copilot_credentials::EnvLookup& env, std::string_view github_host,
                                               std::string_view host_key_source);

// One line for people: "logged in to github.com as octocat (GitHub token in /.../copilot.json)".
std::string describe(const CopilotLogin& login);

struct LoginSettings {
    copilot_credentials::EnvLookup env;
    copilot_credentials::Endpoints endpoints;
    bool force = false;              // log in even when a login is already on disk
    std::function<bool()> cancelled; // Ctrl-C
};

struct LoginResult {
    bool reused = false; // a login on disk was found and no flow ran
    CopilotLogin login;
};

// Reuses llmhost's own login or another editor's for the same GitHub host (unless `force`),
// else runs the device flow: the code and where to enter it go to `messages`, and the token
// is saved to llmhost's file. Throws llmhost::Error (exit 3 for denied or expired codes).
LoginResult login_copilot(transport::HttpClient& http, const LoginSettings& settings, PollClock& clock,
                          std::ostream& messages);

// Removes llmhost's own login file (never another editor's). Returns its path, or "" when
// there was none.
std::string logout_copilot(const copilot_credentials::EnvLookup& env);

} // namespace llmhost::auth
