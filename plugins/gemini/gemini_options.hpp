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
bool is_api_version(std::string_view segment);

GeminiOptions read_gemini_options(const ProviderConfig& config);

} // namespace llmhost::gemini_plugin
