// The gemini provider: the canonical operations over Google's Generative Language API
// (docs/protocols/gemini.md), through the host's transport. The key goes in the x-goog-api-key header
// on every request, never in the URL, and is scrubbed from any error message.
#pragma once

#include "gemini_endpoints.hpp"
#include "gemini_options.hpp"

#include <llmhost/chat.hpp>
#include <llmhost/error.hpp>
#include <llmhost/http.hpp>
#include <llmhost/provider.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace llmhost::gemini_plugin {

class GeminiProvider final : public Provider {
  public:
    GeminiProvider(ProviderConfig config, GeminiOptions options);

    void chat(const ChatRequest& request, Call& call, EventSink& sink) override;

    boost::json::value embed(const EmbedRequest& request, Call& call) override;

    int64_t count_tokens(const ChatRequest& request, Call& call) override;

    boost::json::value list_models(Call& call) override;

  private:
    std::string chat_model(std::string_view requested) const;
    std::string embedding_model(std::string_view requested) const;
    HttpRequest build(std::string method, std::string url, std::string body, bool stream, const Call& call) const;
    boost::json::value fetch_json(const HttpRequest& http, const Call& call, std::string_view what) const;
    Error upstream_error(const HttpResponseHead& head, std::string_view body, const Call& call) const;

    GeminiEndpoints endpoints_;
    ProviderConfig config_;
    GeminiOptions options_;
};

std::unique_ptr<Provider> make_provider(const Host& host, const ProviderConfig& config);

} // namespace llmhost::gemini_plugin
