// Embeddings through POST /models/{model}:batchEmbedContents (docs/protocols/gemini.md "Endpoints"):
//   {"requests":[{"model":"models/x","content":{"parts":[{"text":...}]}}]}
//   -> {"embeddings":[{"values":[...]}]} in the order of the requests
// -> {"model","data":[{"index","embedding"}],"usage":{}} (Gemini reports no token count here).
#pragma once

#include <boost/json/fwd.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace llmhost::gemini_plugin {

// The most requests one batchEmbedContents call takes [U: Google documents 100]; longer
// inputs go in several calls.
inline constexpr size_t max_embed_batch = 100;

boost::json::object gemini_batch_embed_body(std::span<const std::string> inputs, std::string_view model_id);

// Appends the vectors of one batch response to `data`, numbered from data.size().
void collect_gemini_embeddings(std::string_view provider_id, const boost::json::value& body, size_t expected,
                               boost::json::array& data);

} // namespace llmhost::gemini_plugin
