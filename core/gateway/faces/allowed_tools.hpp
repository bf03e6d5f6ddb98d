// tool_choice {type: "allowed_tools"} (Chat Completions and Responses): the model may call
// only the listed tools. The canonical request has no such list, so only those tools are
// offered — never more than the client allowed.
#pragma once

#include <llmhost/chat.hpp>

#include <boost/json/array.hpp>

#include <string>
#include <vector>

namespace llmhost::gateway {

// The names the entries list: `name`, or `function.name` in Chat Completions' shape.
std::vector<std::string> allowed_tool_names(const boost::json::array& entries);

// Drops every tool whose name is not in `names`.
void keep_allowed_tools(std::vector<ToolDefinition>& tools, const std::vector<std::string>& names);

} // namespace llmhost::gateway
