// Who a GitHub OAuth token belongs to (GET {api_url}/user), so that `auth status` can say
// who is logged in. Optional: any failure just means "unknown".
#pragma once

#include "core/transport/http_client.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace llmhost::auth {

std::optional<std::string> fetch_github_login(transport::HttpClient& http, std::string_view api_url,
                                              std::string_view oauth_token,
                                              const std::function<bool()>& cancelled = {});

} // namespace llmhost::auth
