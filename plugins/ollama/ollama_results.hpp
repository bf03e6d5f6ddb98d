// Ollama listing and embedding bodies -> the shapes the host prints (docs/user-contract.md "JSON shapes"):
//
//   GET /api/tags   {"models":[{"name","size","details":{"family","parameter_size",
//                   "quantization_level"}}]}  ->  {"models":[{"id","size","family",
//                   "parameter_size","quantization_level"}]}
//   POST /api/embed {"model","embeddings":[[...]],"prompt_eval_count"}  ->  {"model",
//                   "data":[{"index","embedding"}],"usage":{"input_tokens"}}
#pragma once

#include <boost/json/fwd.hpp>

#include <cstddef>
#include <string_view>

namespace llmhost::ollama_plugin {

// A 200 body as an object, or the typed error it carries instead.
const boost::json::object& ollama_result_object(std::string_view provider_id, const boost::json::value& body,
                                                std::string_view what);

boost::json::value ollama_models_result(std::string_view provider_id, const boost::json::value& body);

boost::json::value ollama_embed_result(std::string_view provider_id, const boost::json::value& body,
                                       std::string_view requested_model, size_t inputs);

} // namespace llmhost::ollama_plugin
