// Canonical requests -> Ollama's native wire bodies (docs/protocols/ollama.md): POST /api/chat and
// POST /api/embed. Everything Ollama cannot take (image URLs, tool-call arguments that are not
// an object) is refused here, before any network I/O.
//
// Request 2: top_p and top_k go into `options`; Ollama's own thinking goes back on its
// assistant turn as `thinking`; a failed tool result says so in its text. Ollama has no field
// for cache marks, parallel_tool_calls, user, service_tier or prompt_cache_key, and speaks no
// client protocol of its own, so no extension applies.
#pragma once

#include "ollama_options.hpp"

#include <llmhost/chat.hpp>

#include <boost/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmhost::ollama_plugin {

// Raw base64 strings, one per image; Ollama cannot fetch URLs.
boost::json::array ollama_images(const Message& m);

// Ollama takes tool-call arguments as a JSON object; the canonical model carries JSON text.
boost::json::object ollama_tool_arguments(const ToolCall& call);

boost::json::object ollama_tool_call(const ToolCall& call);

// A tool result names its tool; when the canonical message only has the call id, the name
// comes from the assistant turn that made the call.
std::string tool_name_for(const Message& m, const std::map<std::string, std::string>& names_by_call_id);

boost::json::array ollama_messages(const std::vector<Message>& messages);

// Ollama has no tool_choice: "none" offers no tools, a tool name offers only that tool, and
// "auto" / "required" offer them all (Ollama cannot force a call).
boost::json::array ollama_tools(const ChatRequest& r);

// "json" for any JSON object, or the schema itself.
std::optional<boost::json::value> ollama_format(const std::optional<ResponseFormat>& f);

// The canonical effort as Ollama's `think`: an effort string, or true when only a budget (or
// nothing) was given. "none" turns thinking off; "minimal" is Ollama's "low".
boost::json::value ollama_think(const ReasoningOptions& reasoning);

// The option defaults with the request's explicit sampling fields on top.
boost::json::object ollama_model_options(const ChatRequest& r, const OllamaOptions& options);

// The /api/chat body for `r`, addressed to `model` (the caller resolves defaults).
boost::json::object ollama_chat_body(const ChatRequest& r, std::string_view model, const OllamaOptions& options);

// The /api/embed body: every input in one call. keep_alive and the model options apply to
// embedding models too (num_ctx, for one).
boost::json::object ollama_embed_body(const EmbedRequest& r, std::string_view model, const OllamaOptions& options);

} // namespace llmhost::ollama_plugin
