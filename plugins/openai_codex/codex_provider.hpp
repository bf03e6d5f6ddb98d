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
#include <utility>

namespace llmhost::codex_plugin {

class CodexProvider final : public Provider {
  public:
    CodexProvider(const Host& host, ProviderConfig config, CodexOptions options)
        : config_(std::move(config)), options_(std::move(options)), keeper_(host, options_),
          session_id_(new_session_id()) {}

    void chat(const ChatRequest& request, Call& call, EventSink& sink) override {
        // A 401 arrives before any event, so the retry never repeats output.
        with_codex_auth(
            keeper_, call,
            [&](const CodexAuth& auth) {
                CodexChatClient(config_, options_.endpoints.base_url, auth, session_id_).chat(request, call, sink);
            },
            [] { return true; });
    }

    boost::json::value list_models(Call& call) override {
        return with_codex_auth(
            keeper_, call,
            [&](const CodexAuth& auth) {
                return fetch_codex_models(call, options_.endpoints.base_url, auth, session_id_);
            },
            [] { return true; });
    }

  private:
    ProviderConfig config_;
    CodexOptions options_;
    CodexLoginKeeper keeper_;
    std::string session_id_;
};

inline std::unique_ptr<Provider> make_provider(const Host& host, const ProviderConfig& config) {
    return std::make_unique<CodexProvider>(host, config, read_codex_options(host, config));
}

} // namespace llmhost::codex_plugin
