// The pieces of a generateContent request, read by the files of this folder: contents,
// tools, generationConfig and schemas. Each throws GatewayException (400) naming the path of
// the offending field; `at` is the path of the object read ("" for the body itself).
#pragma once

#include "core/gateway/faces/gemini/gemini_face.hpp"

#include <boost/json.hpp>

#include <string>
#include <vector>

namespace llmhost::gateway::gemini_face {

// contents[] -> user, assistant and tool messages, appended to `out`.
void read_contents(const boost::json::array& contents, const std::string& at, std::vector<Message>& out);

// tools[] and toolConfig -> tool definitions and tool_choice; tools that are not function
// declarations are named in an X-Llmhost-Tools-Left-Out note.
void read_tools(const boost::json::object& request, const std::string& at, ChatRequest& r, ResponseHeaders& notes);

// generationConfig -> sampling options, response format and reasoning.
void read_generation_config(const boost::json::object& config, const std::string& at, ChatRequest& r,
                            ReplyShape& shape);

// A Gemini schema (OpenAPI-subset or JSON Schema) as the JSON Schema canonical tools and
// response formats carry. The result uses the default storage.
boost::json::object json_schema(const boost::json::object& schema);

} // namespace llmhost::gateway::gemini_face
