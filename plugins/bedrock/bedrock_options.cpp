#include "bedrock_options.hpp"

#include <llmhost/error.hpp>

namespace llmhost::bedrock {

void check_endpoint(const std::string& url, const std::string& setting) {
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
        throw Error(LLMH_ERR_INVALID_CONFIG, setting + " must be an http:// or https:// URL, not '" + url + "'");
}

std::optional<std::string> non_empty(std::optional<std::string> s) {
    if (s && s->empty()) return std::nullopt;
    return s;
}

BedrockOptions read_bedrock_options(const ProviderConfig& config) {
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
