#include "codex_errors.hpp"

#include <llmhost/support/json_read.hpp>

#include <string>

namespace llmhost::codex_plugin {

std::optional<Error> usage_limit_error(const HttpResponseHead& head, std::string_view body, int64_t now_ms) {
    using namespace json_read;
    if (head.status != 429) return std::nullopt;
    auto json = parse(body);
    if (!json || !json->is_object()) return std::nullopt;
    const auto* error = object_member(json->get_object(), "error");
    if (!error) return std::nullopt;
    const auto type = string_member(*error, "type");
    if (type != "usage_limit_reached" && type != "usage_not_included") return std::nullopt;

    int64_t retry_after_ms = parse_retry_after_ms(head.headers, now_ms);
    if (retry_after_ms < 0)
        if (auto in = integer_member(*error, "resets_in_seconds"); in && *in >= 0) retry_after_ms = *in * 1000;
    if (retry_after_ms < 0)
        if (auto at = integer_member(*error, "resets_at"); at && *at * 1000 > now_ms)
            retry_after_ms = *at * 1000 - now_ms;

    std::string message = "openai-codex: the ChatGPT plan's usage limit is reached";
    if (auto plan = string_member(*error, "plan_type"); !plan.empty()) message += " (" + std::string(plan) + " plan)";
    if (retry_after_ms >= 0) message += "; it resets in " + std::to_string((retry_after_ms + 59'999) / 60'000) + " min";
    if (type == "usage_not_included")
        return Error(LLMH_ERR_QUOTA_EXHAUSTED, "openai-codex: this ChatGPT plan does not include Codex (HTTP 429)",
                     429);
    return Error(LLMH_ERR_RATE_LIMITED, message + " (HTTP 429)", 429, retry_after_ms);
}

} // namespace llmhost::codex_plugin
