// The copilot provider. Per call: find the GitHub token (the host-resolved key, i.e.
// GH_COPILOT_TOKEN / COPILOT_API_KEY / api_key › llmhost's login › other editors' logins),
// get a Copilot token for it (cached until five minutes before expiry), and run the chat or
// model listing through CopilotChatClient, or the chat through CopilotResponsesClient for the
// models Copilot serves only there (copilot_model_routes.hpp). A 401 from the chat API means
// the Copilot token went stale early: exchange again once and retry.
#pragma once

#include "copilot_chat_client.hpp"
#include "copilot_options.hpp"
#include "copilot_responses_client.hpp"
#include "copilot_token_cache.hpp"
#include "copilot_token_exchange.hpp"

#include <llmhost/protocol/openai/errors.hpp>
#include <llmhost/provider.hpp>
#include <llmhost/support/copilot_credentials.hpp>

#include <memory>
#include <string>
#include <type_traits>
#include <utility>

namespace llmhost::copilot_plugin {

class CopilotProvider final : public Provider {
  public:
    CopilotProvider(const Host& host, ProviderConfig config, CopilotOptions options);

    void chat(const ChatRequest& request, Call& call, EventSink& sink) override;
    boost::json::value list_models(Call& call) override;

  private:
    // One chat on /responses or /chat/completions. False, with nothing sent to the sink, when
    // Copilot answered that the model is not served there and `may_switch`; else it throws.
    bool chat_on(bool responses, const CopilotSession& session, const ChatRequest& request, Call& call, EventSink& sink,
                 bool may_switch = true);

    // The GitHub token for this call; throws MISSING_CREDENTIALS naming where it looked.
    std::string github_token(const Call& call) const;

    CopilotSession session(std::string_view oauth_token, const Call& call);

    // Runs `operation` with a Copilot session; on a 401 it exchanges again and runs it once
    // more, if `may_retry()` still says so.
    template <class Operation, class MayRetry>
    std::invoke_result_t<Operation&, const CopilotSession&> with_session(const Call& call, Operation&& operation,
                                                                         MayRetry&& may_retry) {
        const std::string oauth_token = github_token(call);
        std::string copilot_token;
        try {
            CopilotSession current = session(oauth_token, call);
            copilot_token = current.token;
            try {
                return operation(current);
            } catch (const Error& e) {
                if (e.http_status() != 401) throw;
                cache_.forget(oauth_token); // stale: whatever happens now, the next call exchanges again
                if (!may_retry()) throw;
            }
            current = session(oauth_token, call);
            copilot_token = current.token;
            try {
                return operation(current);
            } catch (const Error& e) {
                if (e.http_status() != 401) throw;
                throw Error(LLMH_ERR_AUTHENTICATION,
                            std::string(e.what()) + " (a freshly exchanged Copilot token was rejected too; " +
                                std::string(login_hint) + ")",
                            e.http_status());
            }
        } catch (const Error& e) {
            // Neither token may appear in a message, whatever an upstream echoed.
            throw redact_secret(redact_secret(e, oauth_token), copilot_token);
        }
    }

    Host host_;
    ProviderConfig config_;
    CopilotOptions options_;
    CopilotTokenCache cache_;
    CopilotModelRoutes routes_;
};

std::unique_ptr<Provider> make_provider(const Host& host, const ProviderConfig& config);

} // namespace llmhost::copilot_plugin
