// Canonical request -> Bedrock Converse / ConverseStream request body (docs/protocols/
// bedrock.md, "Converse request"). The same body serves both operations; only the URL differs.
//
//   system messages        -> top-level "system": [{text}]
//   user / assistant       -> messages[{role, content:[{text} | {image:{format, source:{bytes}}}]}]
//   assistant reasoning    -> leading {reasoningContent} blocks: Bedrock's own signed state,
//                             to models that take it (converse_reasoning.hpp)
//   assistant tool_calls   -> {toolUse:{toolUseId, name, input (object)}}
//   tool messages          -> {toolResult:{toolUseId, content:[{json} | {text} | {image}], status}}
//                             in a user message; consecutive same-role messages are merged,
//                             since Converse wants the roles to alternate
//   cache marks            -> {cachePoint} blocks after what they mark (converse_cache.hpp)
//   tools / tool_choice    -> toolConfig {tools:[{toolSpec}], toolChoice}
//   max_tokens, temperature, top_p, stop -> inferenceConfig
//   response_format        -> outputConfig.textFormat (json_schema, the schema as a string)
//   service_tier           -> serviceTier {type} (the tiers Converse names)
//   reasoning, top_k       -> additionalModelRequestFields: Claude's thinking and top_k, Nova's
//                             inferenceConfig.topK; other families have no known slot for them
#pragma once

#include <llmhost/chat.hpp>

#include <boost/json.hpp>

#include <string_view>

namespace llmhost::bedrock {

// The Converse body for `request` sent to `model`. `extra_fields` (the plugin option
// additional_model_request_fields) go into additionalModelRequestFields, under what the
// request itself asks for.
boost::json::object converse_request_body(const ChatRequest& request, std::string_view model,
                                          const boost::json::object& extra_fields = {});

} // namespace llmhost::bedrock
