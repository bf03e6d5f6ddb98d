// The Codex backend's own refusal of a ChatGPT plan that has used up its allowance:
//
//   429 {"error":{"type":"usage_limit_reached","message"?,"plan_type"?,
//                 "resets_at":<unix s>?,"resets_in_seconds":<s>?}}
//
// is a rate limit whose wait the body names (a Retry-After header, when sent, is taken first).
// Other errors are left to the Responses client's usual reading (nullopt).
#pragma once

#include <llmhost/error.hpp>
#include <llmhost/http.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace llmhost::codex_plugin {

std::optional<Error> usage_limit_error(const HttpResponseHead& head, std::string_view body, int64_t now_ms);

} // namespace llmhost::codex_plugin
