#include "gemini_endpoints.hpp"

#include <llmhost/http.hpp>

#include <utility>

namespace llmhost::gemini_plugin {

std::string_view bare_model_id(std::string_view model) {
    constexpr std::string_view prefix = "models/";
    if (model.rfind(prefix, 0) == 0) model.remove_prefix(prefix.size());
    return model;
}

GeminiEndpoints::GeminiEndpoints(ProviderConfig config, const GeminiOptions& options) : config_(std::move(config)) {
    std::string& root = config_.base_url;
    const size_t slash = root.rfind('/');
    const bool ends_in_version = slash != std::string::npos && slash > root.find("://") + 2 &&
                                 is_api_version(std::string_view(root).substr(slash + 1));
    if (ends_in_version && options.api_version) root.replace(slash + 1, std::string::npos, *options.api_version);
    if (!ends_in_version) root += "/" + options.api_version.value_or(std::string(default_api_version));
}

std::string GeminiEndpoints::generate(std::string_view model, bool stream) const {
    return stream ? config_.url(model_path(model) + ":streamGenerateContent", "alt=sse")
                  : config_.url(model_path(model) + ":generateContent");
}

std::string GeminiEndpoints::count_tokens(std::string_view model) const {
    return config_.url(model_path(model) + ":countTokens");
}

std::string GeminiEndpoints::batch_embed(std::string_view model) const {
    return config_.url(model_path(model) + ":batchEmbedContents");
}

// The largest page the API serves keeps the round trips few.
std::string GeminiEndpoints::models(std::string_view page_token) const {
    std::string query = "pageSize=1000";
    if (!page_token.empty()) query += "&pageToken=" + url_encode(page_token);
    return config_.url("/models", query);
}

std::string GeminiEndpoints::model_path(std::string_view model) {
    return "/models/" + url_encode(bare_model_id(model));
}

} // namespace llmhost::gemini_plugin
