// GitHub OAuth token -> short-lived Copilot API token (docs/protocols/copilot.md):
//
//   GET {api_url}/copilot_internal/v2/token   Authorization: token <oauth>
//   200 {"token","expires_at":<unix s>,"refresh_in":<s>,"endpoints":{"api":"https://..."}}
//
// Failures: 401 means the GitHub token is no good (log in again); 403 and 404 mean the
// account has no Copilot entitlement. The error bodies are not verified [U]: `message` and
// `error_details.message` are read when present, the status decides the class.
#pragma once

#include <llmhost/error.hpp>
#include <llmhost/http.hpp>
#include <llmhost/provider.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace llmhost::copilot_plugin {

struct CopilotToken {
    std::string token;         // secret: never printed or logged
    int64_t expires_at_ms = 0; // Unix ms; the token is not reused past it (minus a margin)
    std::string api_base;      // endpoints.api, "" when the response had none
};

inline constexpr std::string_view login_hint = "run `llmhost auth login copilot`";

HttpRequest token_exchange_request(std::string_view api_url, std::string_view oauth_token,
                                   std::string_view editor_version);

// What the upstream said, for error messages: `message`, else `error_details.message`, else
// a snippet of the body.
std::string token_error_message(std::string_view body);

Error token_exchange_error(const HttpResponse& response, int64_t now_ms);

CopilotToken parse_token_response(std::string_view body, int64_t now_ms);

// One exchange through the host's transport.
CopilotToken exchange_copilot_token(const Call& call, std::string_view api_url, std::string_view oauth_token,
                                    std::string_view editor_version);

} // namespace llmhost::copilot_plugin
