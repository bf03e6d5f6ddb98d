// Where each Gemini operation goes (docs/protocols/gemini.md "Endpoints"). The configured base_url
// may end in an API version (the built-in ".../v1beta") or be a bare root (a proxy or a test
// server); option api_version replaces the version it ends in, or is appended to a bare root.
#pragma once

#include "gemini_options.hpp"

#include <llmhost/provider.hpp>

#include <string>
#include <string_view>

namespace llmhost::gemini_plugin {

// A model as the API addresses it: "gemini-2.5-flash", also when given as "models/gemini-2.5-flash".
std::string_view bare_model_id(std::string_view model);

class GeminiEndpoints {
  public:
    GeminiEndpoints(ProviderConfig config, const GeminiOptions& options);

    // POST generateContent, or streamGenerateContent as SSE (without alt=sse the stream is
    // one JSON array).
    std::string generate(std::string_view model, bool stream) const;

    std::string count_tokens(std::string_view model) const;

    std::string batch_embed(std::string_view model) const;

    // GET models, one page.
    std::string models(std::string_view page_token) const;

    const std::string& api_root() const { return config_.base_url; }

  private:
    static std::string model_path(std::string_view model);

    ProviderConfig config_; // base_url rewritten to the versioned API root
};

} // namespace llmhost::gemini_plugin
