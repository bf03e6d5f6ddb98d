// Canonical ChatRequest -> the generateContent body (docs/protocols/gemini.md "Request").
//
//   system messages        -> systemInstruction.parts
//   user / assistant       -> contents[] with role "user" / "model"; images as inlineData
//                             (inline or data: URL) or fileData (any other URL)
//   assistant tool calls   -> functionCall {name, args} parts (args parsed from the text)
//   tool results           -> functionResponse {name, response} parts in a user turn; a result
//                             that is not a JSON object is wrapped as {"result": ...}, a failed
//                             one (is_error) as {"error": ...}
//   tools / tool_choice    -> tools[0].functionDeclarations / toolConfig.functionCallingConfig
//   options                -> generationConfig (temperature, topP, topK, maxOutputTokens,
//                             stopSequences, responseMimeType + responseJsonSchema, thinkingConfig)
//   extension (gemini)     -> the fields a Gemini client sent that the canonical model has no
//                             place for, merged under the body's own
//
// Consecutive tool results become one user turn: Gemini pairs a model turn's function calls
// with the responses of the next turn. Thought signatures go back on the parts they came on,
// Gemini's own only (Gemini 3 function calling needs them, docs/protocols/gemini.md). Cache marks,
// user and service_tier have no Gemini field: Gemini caches by itself.
#pragma once

#include <llmhost/chat.hpp>

namespace llmhost::gemini_plugin {

boost::json::object gemini_generate_body(const ChatRequest& r);

} // namespace llmhost::gemini_plugin
