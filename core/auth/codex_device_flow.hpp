// OpenAI's device-code sign-in for ChatGPT, as Codex's `codex login --device-auth` runs it
// and `llmhost auth login openai-codex` does too: ask for a code, let the user enter it on
// the web page, poll until they have, then trade the authorization code for tokens.
//
//   POST {issuer}/api/accounts/deviceauth/usercode  {"client_id"}
//        -> {"device_auth_id","user_code","interval":"5"}   (interval: seconds, as a string)
//   POST {issuer}/api/accounts/deviceauth/token     {"device_auth_id","user_code"}
//        403/404: not entered yet; 429 or {"error":"slow_down"}: poll less often;
//        200 -> {"authorization_code","code_challenge","code_verifier"}
//   POST {issuer}/oauth/token  (form) grant_type=authorization_code, code, redirect_uri=
//        {issuer}/deviceauth/callback, client_id, code_verifier -> {id_token,access_token,refresh_token}
//
// The code is good for 15 minutes.
#pragma once

#include "core/auth/poll_clock.hpp"
#include "core/transport/http_client.hpp"

#include <llmhost/support/codex_credentials.hpp>

#include <chrono>
#include <functional>
#include <string>

namespace llmhost::auth {

struct CodexDeviceFlowSettings {
    std::string issuer{codex_credentials::default_issuer};
    std::string client_id{codex_credentials::oauth_client_id};
};

struct CodexDeviceCode {
    std::string device_auth_id;
    std::string user_code;        // what the user types on the page
    std::string verification_uri; // the page: {issuer}/codex/device
    std::chrono::seconds expires_in{15 * 60};
    std::chrono::seconds interval{5};
};

// What the poll hands over once the code was entered. Secrets.
struct CodexAuthorization {
    std::string authorization_code;
    std::string code_verifier;
};

class CodexDeviceFlow {
  public:
    CodexDeviceFlow(transport::HttpClient& http, CodexDeviceFlowSettings settings, PollClock& clock,
                    std::function<bool()> cancelled = {});

    // Throws llmhost::Error when OpenAI refuses or the answer is unusable.
    CodexDeviceCode request_code() const;

    // Polls every `interval` until the code was entered. Throws Error(LLMH_ERR_AUTHENTICATION)
    // when it expires or the sign-in is denied, Error(LLMH_ERR_CANCELLED) when cancelled.
    CodexAuthorization wait_for_authorization(const CodexDeviceCode& code) const;

    // Trades the authorization for tokens (account_id filled from the id_token).
    codex_credentials::Tokens exchange(const CodexAuthorization& authorization) const;

  private:
    transport::HttpClient& http_;
    CodexDeviceFlowSettings settings_;
    PollClock& clock_;
    std::function<bool()> cancelled_;
};

} // namespace llmhost::auth
