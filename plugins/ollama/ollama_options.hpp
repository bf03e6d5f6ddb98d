// The ollama plugin's `options` (from the provider's configuration), validated:
//
//   options     object            passed through as the request's `options` (num_ctx, top_p,
//                                 seed, ...). Explicit request fields win over the same keys
//                                 here: temperature, top_p, top_k, max tokens (num_predict)
//                                 and stop.
//   keep_alive  string or number  how long the server keeps the model loaded ("10m", 3600, -1)
//   think       bool or string    `think` for requests that say nothing about reasoning
//                                 (true, false, "low", "medium", "high")
#pragma once

#include <llmhost/provider.hpp>

#include <boost/json.hpp>

#include <optional>
#include <string>

namespace llmhost::ollama_plugin {

struct OllamaOptions {
    boost::json::object model_options;
    std::optional<boost::json::value> keep_alive;
    std::optional<boost::json::value> think;
};

OllamaOptions read_ollama_options(const ProviderConfig& config);

} // namespace llmhost::ollama_plugin
