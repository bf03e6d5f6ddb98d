// The model listing from the control plane's ListFoundationModels
// (GET /foundation-models?byOutputModality=TEXT, signed for service "bedrock" like the runtime):
// {"modelSummaries":[{"modelId","modelName","providerName",...}]} -> {"models":[{"id","name","owned_by"}]}.
// Field names from the AWS API reference; read tolerantly (docs/protocols/bedrock.md only names the endpoint).
#pragma once

#include <boost/json.hpp>

#include <string_view>

namespace llmhost::bedrock {

inline constexpr std::string_view foundation_models_path = "/foundation-models?byOutputModality=TEXT";

boost::json::value foundation_models_result(std::string_view provider_id, std::string_view body);

} // namespace llmhost::bedrock
