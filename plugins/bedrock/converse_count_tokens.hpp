// CountTokens for a Converse request (AWS Bedrock Runtime API reference: CountTokens,
// ConverseTokensRequest): the request's messages, system, toolConfig and
// additionalModelRequestFields as the Converse body has them, wrapped as
// {"input":{"converse":{...}}}; the answer is {"inputTokens": N}.
#pragma once

#include <llmhost/chat.hpp>

#include <boost/json.hpp>

#include <cstdint>
#include <string_view>

namespace llmhost::bedrock {

boost::json::object count_tokens_body(const ChatRequest& request, std::string_view model,
                                      const boost::json::object& extra_fields = {});

int64_t count_tokens_result(std::string_view provider_id, std::string_view body);

} // namespace llmhost::bedrock
