// GitHub's OAuth device-code flow (docs/protocols/copilot.md), as `llmhost auth login copilot` runs
// it: ask for a code, let the user enter it on GitHub, poll until they have.
//
//   POST {github_url}/login/device/code           client_id, scope
//   POST {github_url}/login/oauth/access_token    client_id, device_code, grant_type
//
// Both form-encoded with Accept: application/json. Polling answers come as JSON whatever
// the status: authorization_pending (keep polling), slow_down (wait 5 s longer from now on,
// or the interval the answer names when that is longer), expired_token and access_denied
// (give up), or the token.
#pragma once

#include "core/auth/poll_clock.hpp"
#include "core/transport/http_client.hpp"

#include <llmhost/support/copilot_credentials.hpp>

#include <chrono>
#include <functional>
#include <string>

namespace llmhost::auth {

struct DeviceFlowSettings {
    std::string github_url{copilot_credentials::default_github_url};
    std::string client_id{copilot_credentials::oauth_client_id};
    std::string scope{copilot_credentials::oauth_scope};
};

struct DeviceCode {
    std::string device_code;
    std::string user_code;        // what the user types on GitHub
    std::string verification_uri; // where they type it
    std::chrono::seconds expires_in{900};
    std::chrono::seconds interval{5};
};

class GitHubDeviceFlow {
  public:
    GitHubDeviceFlow(transport::HttpClient& http, DeviceFlowSettings settings, PollClock& clock,
                     std::function<bool()> cancelled = {});

    // Throws llmhost::Error when GitHub refuses or the answer is unusable.
    DeviceCode request_code() const;

    // Polls every `interval` until the user has authorized, and returns the OAuth token.
    // Throws Error(LLMH_ERR_AUTHENTICATION) when the code expires or access is denied,
    // Error(LLMH_ERR_CANCELLED) when cancelled while waiting.
    std::string wait_for_token(const DeviceCode& code) const;

  private:
    transport::HttpClient& http_;
    DeviceFlowSettings settings_;
    PollClock& clock_;
    std::function<bool()> cancelled_;
};

} // namespace llmhost::auth
