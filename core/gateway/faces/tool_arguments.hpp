// A tool call's arguments — JSON text, as the model produced it — as the object the faces
// that carry arguments as JSON (Anthropic's tool_use input, Gemini's functionCall args) send.
#pragma once

#include <boost/json/object.hpp>

#include <string_view>

namespace llmhost::gateway {

// Text that is not a JSON object (a model's malformed output) becomes {}.
boost::json::object arguments_object(std::string_view arguments);

} // namespace llmhost::gateway
