// The bedrock plugin's `options` (from [providers.bedrock] options = {...}), validated:
//
//   region            AWS region (else AWS_REGION, AWS_DEFAULT_REGION, the profile's region)
//   endpoint          runtime endpoint URL replacing https://bedrock-runtime.{region}.amazonaws.com
//                     (VPC endpoints, proxies, tests); "{region}" in it is substituted
//   control_endpoint  endpoint of the control plane used to list models (default
//                     https://bedrock.{region}.amazonaws.com, or `endpoint` when that is set)
//   profile           shared-config profile (else AWS_PROFILE, else "default")
//   additional_model_request_fields  object merged into additionalModelRequestFields of every
//                     request (model-specific knobs, e.g. {"top_k": 50})
#pragma once

#include <llmhost/provider.hpp>

#include <boost/json.hpp>

#include <optional>
#include <string>

namespace llmhost::bedrock {

struct BedrockOptions {
    std::optional<std::string> region;
    std::optional<std::string> endpoint;
    std::optional<std::string> control_endpoint;
    std::optional<std::string> profile;
    boost::json::object additional_model_request_fields;
};

// `setting` names it in the message: "option 'endpoint'", "base_url".
void check_endpoint(const std::string& url, const std::string& setting);

std::optional<std::string> non_empty(std::optional<std::string> s);

BedrockOptions read_bedrock_options(const ProviderConfig& config);

} // namespace llmhost::bedrock
