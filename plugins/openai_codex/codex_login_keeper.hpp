// The ChatGPT login an openai-codex call uses, kept fresh: the host-resolved key (an access
// token given directly, never refreshed) › llmhost's login › Codex's login. A stored login is
// refreshed before use when its access token is about to expire or it is older than Codex
// allows, and once more when the backend answers 401. Refresh tokens rotate, so the new
// tokens are written back to the file they came from at once (Codex's own auth.json too,
// keeping its other fields): otherwise that login would stop working.
#pragma once

#include "codex_options.hpp"

#include <llmhost/error.hpp>
#include <llmhost/http.hpp>
#include <llmhost/provider.hpp>
#include <llmhost/support/codex_credentials.hpp>

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>

namespace llmhost::codex_plugin {

inline constexpr std::string_view login_hint = "run `llmhost auth login openai-codex` (or `codex login`)";

// What a request to the backend needs. Secrets.
struct CodexAuth {
    std::string access_token;
    std::string account_id; // "" when unknown (a host key): the header is then left out
    bool refreshable = false;
};

class CodexLoginKeeper {
  public:
    CodexLoginKeeper(Host host, CodexOptions options);

    // The credentials for this call, refreshed first when due.
    CodexAuth current(const Call& call);

    // After a 401 for `rejected`: a login refreshed meanwhile by someone else (the file holds
    // another access token) is used as it is; otherwise it is refreshed now.
    CodexAuth after_unauthorized(const Call& call, const CodexAuth& rejected);

  private:
    std::chrono::system_clock::time_point now() const;
    std::string account_from_env() const;
    static CodexAuth from(const codex_credentials::StoredLogin& login);
    codex_credentials::StoredLogin stored_or_throw() const;

    // POST {issuer}/oauth/token with the refresh token; the answer replaces the tokens in
    // `login` and in its file.
    void refresh(const Call& call, codex_credentials::StoredLogin& login);

    static Error refresh_error(const HttpResponse& response, const std::string& file);

    Host host_;
    CodexOptions options_;
    std::mutex mutex_; // one refresh at a time: the refresh token is single-use
};

} // namespace llmhost::codex_plugin
