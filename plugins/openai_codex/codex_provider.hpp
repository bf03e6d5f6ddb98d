// The openai-codex provider: a ChatGPT plan through the Codex backend. Per call: the ChatGPT
// login (see CodexLoginKeeper: host key › llmhost's login › Codex's, refreshed when due),
// then the request with Codex's headers; a 401 refreshes the login and retries once.
#pragma once

#include "codex_auth_retry.hpp"
#include "codex_chat_client.hpp"
#include "codex_headers.hpp"
#include "codex_login_keeper.hpp"
#include "codex_models.hpp"
#include "codex_options.hpp"

#include <llmhost/provider.hpp>

#include <memory>
#include <string>

namespace llmhost::codex_plugin {

class CodexProvider final : public Provider {
  public:
    CodexProvider(const Host& host, ProviderConfig config, CodexOptions options);

    void chat(const ChatRequest& request, Call& call, EventSink& sink) override;
    boost::json::value list_models(Call& call) override;

  private:
    ProviderConfig config_;
    CodexOptions options_;
    CodexLoginKeeper keeper_;
    std::string session_id_;
};

std::unique_ptr<Provider> make_provider(const Host& host, const ProviderConfig& config);

} // namespace llmhost::codex_plugin
