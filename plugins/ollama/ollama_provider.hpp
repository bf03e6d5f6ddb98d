// The ollama provider: canonical calls -> Ollama's native endpoints over the host's transport.
//
//   chat         POST /api/chat   NDJSON stream, or one object with "stream": false
//   embed        POST /api/embed
//   list_models  GET  /api/tags
//
// Keyless: a key (OLLAMA_API_KEY, for the ollama.com cloud) is sent as a bearer token only
// when the host resolved one, and is scrubbed from every error message.
#pragma once

#include "ollama_options.hpp"

#include <llmhost/chat.hpp>
#include <llmhost/error.hpp>
#include <llmhost/http.hpp>
#include <llmhost/provider.hpp>

#include <boost/json/fwd.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace llmhost::ollama_plugin {

class OllamaProvider final : public Provider {
  public:
    OllamaProvider(ProviderConfig config, OllamaOptions options);

    void chat(const ChatRequest& request, Call& call, EventSink& sink) override;

    boost::json::value embed(const EmbedRequest& request, Call& call) override;

    boost::json::value list_models(Call& call) override;

    const ProviderConfig& config() const { return config_; }

  private:
    std::string resolve_model(std::string_view requested) const;

    HttpRequest build_request(std::string method, std::string_view path, std::string body, bool stream,
                              const Call& call) const;

    Error http_error(const HttpResponseHead& head, std::string_view body, const Call& call) const;

    // One buffered exchange whose 2xx body is JSON; any other status becomes a typed error.
    boost::json::value fetch_json(const HttpRequest& http, const Call& call, std::string_view what) const;

    ProviderConfig config_;
    OllamaOptions options_;
};

// The factory the entry point names: validates the options and settles the base URL (see
// ollama_base_url.hpp for OLLAMA_HOST).
std::unique_ptr<Provider> make_provider(const Host& host, const ProviderConfig& config);

} // namespace llmhost::ollama_plugin
