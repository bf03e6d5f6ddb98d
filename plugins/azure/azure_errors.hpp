// Azure's error codes that say more than the OpenAI mapping (docs/protocols/azure.md "Where Azure differs"):
//   400 {"error":{"code":"content_filter",...,"innererror":{"content_filter_result":{...}}}}
//       -> bad_request saying the content filter blocked the prompt, with the categories
//   404 {"error":{"code":"DeploymentNotFound",...}} -> not_found naming the deployment
// Everything else (429 with retry-after-ms, context length, 401, ...) is the SDK's mapping.
// The exact strings are unverified [U], so only the codes are relied on.
#pragma once

#include <llmhost/error.hpp>
#include <llmhost/http.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace llmhost::azure_plugin {

// `deployment` is empty for the model listing; `endpoint` names where it was looked for.
Error azure_http_error(std::string_view provider_id, std::string_view deployment, std::string_view endpoint, int status,
                       const Headers& headers, std::string_view body, int64_t now_unix_ms);

} // namespace llmhost::azure_plugin
