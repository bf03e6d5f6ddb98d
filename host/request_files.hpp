// Reading what `chat` and `tokens` take: the prompt (arguments or stdin), images, JSON
// schemas and tool definitions.
#pragma once

#include <llmhost/chat.hpp>

#include <string>
#include <vector>

namespace llmhost::cli {

// The words joined, else all of stdin (not a terminal) without its last line break; a
// UsageError naming `command` when there is neither.
std::string read_prompt(const std::vector<std::string>& words, const std::string& command);

double parse_number(const std::string& text, const std::string& option);

// An image file as inline base64 content; the media type comes from the extension.
ContentPart load_image(const std::string& path);

// A JSON Schema file as a json_schema response format named after the file.
ResponseFormat load_schema(const std::string& path);

// A JSON array of tools, each either canonical {"name","description","parameters"} or
// OpenAI-style {"type":"function","function":{...}}.
std::vector<ToolDefinition> load_tools(const std::string& path);

} // namespace llmhost::cli
