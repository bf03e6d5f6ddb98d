#include "bedrock_endpoint.hpp"

#include <llmhost/support/path_segment.hpp>

namespace llmhost::bedrock {

Error missing_region_error() {
    return Error(LLMH_ERR_INVALID_CONFIG,
                 "no AWS region is configured: set option region (options = { region = \"us-east-1\" }), "
                 "AWS_REGION or AWS_DEFAULT_REGION, or region in the AWS profile");
}

std::string with_region(std::string_view url, std::string_view region) {
    constexpr std::string_view marker = "{region}";
    std::string out;
    size_t from = 0;
    for (size_t at = url.find(marker); at != std::string_view::npos; at = url.find(marker, from)) {
        if (region.empty()) throw missing_region_error();
        out.append(url.substr(from, at - from)).append(region);
        from = at + marker.size();
    }
    out.append(url.substr(from));
    return out;
}

std::string runtime_endpoint(const ProviderConfig& config, const BedrockOptions& options, std::string_view region) {
    if (options.endpoint) return with_region(*options.endpoint, region);
    if (!config.base_url.empty()) return with_region(config.base_url, region);
    return with_region(runtime_endpoint_template, region);
}

std::string control_endpoint(const BedrockOptions& options, std::string_view region) {
    if (options.control_endpoint) return with_region(*options.control_endpoint, region);
    if (options.endpoint) return with_region(*options.endpoint, region);
    return with_region(control_endpoint_template, region);
}

std::string converse_path(std::string_view model, bool stream) {
    return "/model/" + path_segment(model, "model id") + (stream ? "/converse-stream" : "/converse");
}

std::string count_tokens_path(std::string_view model) {
    return "/model/" + path_segment(model, "model id") + "/count-tokens";
}

} // namespace llmhost::bedrock
