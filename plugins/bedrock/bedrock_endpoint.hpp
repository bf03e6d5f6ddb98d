// Where Bedrock requests go (docs/protocols/bedrock.md, "Endpoints"): the runtime endpoint for
// Converse and CountTokens, the control plane for the model listing, and the model's paths.
#pragma once

#include "bedrock_options.hpp"

#include <llmhost/error.hpp>
#include <llmhost/provider.hpp>

#include <string>
#include <string_view>

namespace llmhost::bedrock {

inline constexpr std::string_view runtime_endpoint_template = "https://bedrock-runtime.{region}.amazonaws.com";
inline constexpr std::string_view control_endpoint_template = "https://bedrock.{region}.amazonaws.com";

Error missing_region_error();

// `url` with every "{region}" replaced; a template without a region to put in is an error.
std::string with_region(std::string_view url, std::string_view region);

// Option `endpoint` › the configured base_url (the metadata's template unless overridden) ›
// the standard regional endpoint.
std::string runtime_endpoint(const ProviderConfig& config, const BedrockOptions& options, std::string_view region);

// Option `control_endpoint` › option `endpoint` (one server for both, as in tests) › the
// standard regional control plane.
std::string control_endpoint(const BedrockOptions& options, std::string_view region);

// "/model/<id>/converse[-stream]": the id is one path segment, so ':' and '/' are encoded
// (and "." or ".." refused).
std::string converse_path(std::string_view model, bool stream);

// "/model/<id>/count-tokens" (CountTokens, AWS Bedrock Runtime API reference).
std::string count_tokens_path(std::string_view model);

} // namespace llmhost::bedrock
