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

#include <llmhost/error.hpp>
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
inline void check_endpoint(const std::string& url, const std::string& setting) {
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
        throw Error(LLMH_ERR_INVALID_CONFIG, setting + " must be an http:// or https:// URL, not '" + url + "'");
}

inline std::optional<std::string> non_empty(std::optional<std::string> s) {
    if (s && s->empty()) return std::nullopt;
    return s;
}

inline BedrockOptions read_bedrock_options(const ProviderConfig& config) {
    const OptionReader options(
        config.options, {"region", "endpoint", "control_endpoint", "profile", "additional_model_request_fields"});
    BedrockOptions out;
    out.region = non_empty(options.string("region"));
    out.endpoint = non_empty(options.string("endpoint"));
    out.control_endpoint = non_empty(options.string("control_endpoint"));
    out.profile = non_empty(options.string("profile"));
    for (auto* url : {&out.endpoint, &out.control_endpoint})
        if (*url) {
            while (!(*url)->empty() && (*url)->back() == '/')
                (*url)->pop_back();
            check_endpoint(**url, url == &out.endpoint ? "option 'endpoint'" : "option 'control_endpoint'");
        }
    if (const auto* extra = options.raw("additional_model_request_fields")) {
        if (!extra->is_object())
            throw Error(LLMH_ERR_INVALID_CONFIG, "option 'additional_model_request_fields' must be an object");
        out.additional_model_request_fields = extra->get_object();
    }
    return out;
}

} // namespace llmhost::bedrock
