// Where each Gemini operation goes (docs/protocols/gemini.md "Endpoints"). The configured base_url
// may end in an API version (the built-in ".../v1beta") or be a bare root (a proxy or a test
// server); option api_version replaces the version it ends in, or is appended to a bare root.
#pragma once

#include "gemini_options.hpp"

#include <llmhost/http.hpp>
#include <llmhost/provider.hpp>

#include <string>
#include <string_view>

namespace llmhost::gemini_plugin {

// A model as the API addresses it: "gemini-2.5-flash", also when given as "models/gemini-2.5-flash".
inline std::string_view bare_model_id(std::string_view model) {
    constexpr std::string_view prefix = "models/";
    if (model.rfind(prefix, 0) == 0) model.remove_prefix(prefix.size());
    return model;
}

class GeminiEndpoints {
  public:
    GeminiEndpoints(ProviderConfig config, const GeminiOptions& options) : config_(std::move(config)) {
        std::string& root = config_.base_url;
        const size_t slash = root.rfind('/');
        const bool ends_in_version = slash != std::string::npos && slash > root.find("://") + 2 &&
                                     is_api_version(std::string_view(root).substr(slash + 1));
        if (ends_in_version && options.api_version) root.replace(slash + 1, std::string::npos, *options.api_version);
        if (!ends_in_version) root += "/" + options.api_version.value_or(std::string(default_api_version));
    }

    // POST generateContent, or streamGenerateContent as SSE (without alt=sse the stream is
    // one JSON array).
    std::string generate(std::string_view model, bool stream) const {
        return stream ? config_.url(model_path(model) + ":streamGenerateContent", "alt=sse")
                      : config_.url(model_path(model) + ":generateContent");
    }

    std::string count_tokens(std::string_view model) const { return config_.url(model_path(model) + ":countTokens"); }

    std::string batch_embed(std::string_view model) const {
        return config_.url(model_path(model) + ":batchEmbedContents");
    }

    // GET models, one page; the largest page the API serves keeps the round trips few.
    std::string models(std::string_view page_token) const {
        std::string query = "pageSize=1000";
        if (!page_token.empty()) query += "&pageToken=" + url_encode(page_token);
        return config_.url("/models", query);
    }

    const std::string& api_root() const { return config_.base_url; }

  private:
    static std::string model_path(std::string_view model) { return "/models/" + url_encode(bare_model_id(model)); }

    ProviderConfig config_; // base_url rewritten to the versioned API root
};

} // namespace llmhost::gemini_plugin
