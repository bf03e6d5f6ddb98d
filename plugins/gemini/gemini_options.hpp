// The gemini plugin's `options` (from the provider's configuration), validated:
//
//   embedding_model  string  the model `embed` uses when the request names none or names the
//                            chat default model (default "gemini-embedding-001")
//   api_version      string  the API version path segment: "v1beta" (default), "v1", "v1alpha"
#pragma once

#include <llmhost/provider.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace llmhost::gemini_plugin {

inline constexpr std::string_view default_embedding_model = "gemini-embedding-001";
inline constexpr std::string_view default_api_version = "v1beta";

struct GeminiOptions {
    std::string embedding_model{default_embedding_model};
    std::optional<std::string> api_version; // unset: whatever base_url says, else v1beta
};

// "v1", "v1beta", "v1alpha", "v1beta2": how Google names API versions in paths.
inline bool is_api_version(std::string_view segment) {
    if (segment.size() < 2 || segment[0] != 'v') return false;
    size_t i = 1;
    while (i < segment.size() && segment[i] >= '0' && segment[i] <= '9')
        ++i;
    if (i == 1) return false;
    std::string_view rest = segment.substr(i);
    for (std::string_view stage : {"alpha", "beta"})
        if (rest.rfind(stage, 0) == 0) {
            rest.remove_prefix(stage.size());
            break;
        }
    for (char c : rest)
        if (c < '0' || c > '9') return false;
    return true;
}

inline GeminiOptions read_gemini_options(const ProviderConfig& config) {
    const OptionReader options(config.options, {"embedding_model", "api_version"});
    GeminiOptions out;
    if (auto model = options.string("embedding_model")) {
        if (model->empty()) throw Error(LLMH_ERR_INVALID_CONFIG, "option 'embedding_model' must not be empty");
        out.embedding_model = std::move(*model);
    }
    if (auto version = options.string("api_version")) {
        if (!is_api_version(*version))
            throw Error(LLMH_ERR_INVALID_CONFIG,
                        "option 'api_version' must look like \"v1beta\" or \"v1\", not \"" + *version + "\"");
        out.api_version = std::move(*version);
    }
    return out;
}

} // namespace llmhost::gemini_plugin
