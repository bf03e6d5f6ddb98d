#include "converse_count_tokens.hpp"

#include "converse_request.hpp"

#include <llmhost/error.hpp>
#include <llmhost/support/error_text.hpp>
#include <llmhost/support/json_read.hpp>

#include <string>

namespace llmhost::bedrock {

boost::json::object count_tokens_body(const ChatRequest& request, std::string_view model,
                                      const boost::json::object& extra_fields) {
    boost::json::object converse = converse_request_body(request, model, extra_fields);
    boost::json::object counted;
    // Only what a ConverseTokensRequest holds: the rest shapes the answer, not the input.
    for (const std::string_view key : {"messages", "system", "toolConfig", "additionalModelRequestFields"})
        if (auto it = converse.find(key); it != converse.end()) counted.emplace(key, std::move(it->value()));
    return {{"input", {{"converse", std::move(counted)}}}};
}

int64_t count_tokens_result(std::string_view provider_id, std::string_view body) {
    const auto json = json_read::parse_body(provider_id, body, "the token count");
    const auto n = json.is_object() ? json_read::integer_member(json.get_object(), "inputTokens") : std::nullopt;
    if (!n)
        throw Error(LLMH_ERR_MALFORMED_RESPONSE,
                    std::string(provider_id) + ": the token count has no inputTokens: " + error_text::snippet(body));
    return *n;
}

} // namespace llmhost::bedrock
