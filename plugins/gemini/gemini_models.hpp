// GET /models pages -> {"models":[{"id","display_name","input_token_limit","output_token_limit"}]}
// (docs/protocols/gemini.md "Endpoints"). Only models that can chat (supportedGenerationMethods holds
// generateContent) are listed; an entry that does not say what it supports is kept.
#pragma once

#include <boost/json/fwd.hpp>

#include <string>
#include <string_view>

namespace llmhost::gemini_plugin {

// More pages than a model list has ever needed at pageSize 1000; bounds a server that keeps
// handing out tokens.
inline constexpr int max_model_pages = 10;

bool can_generate_content(const boost::json::object& model);

// Appends the chat models of one page to `out`; returns the page's nextPageToken ("" at the end).
std::string collect_gemini_models(std::string_view provider_id, const boost::json::value& page,
                                  boost::json::array& out);

} // namespace llmhost::gemini_plugin
