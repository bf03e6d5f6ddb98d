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

#include <llmhost/copilot_credentials.hpp>
#include <llmhost/protocol/openai/errors.hpp>
#include <llmhost/provider.hpp>

#include <memory>
#include <string>
#include <type_traits>
#include <utility>

namespace llmhost::copilot_plugin {

class CopilotProvider final : public Provider {
  public:
    CopilotProvider(const Host& host, ProviderConfig config, CopilotOptions options)
        : host_(host), config_(std::move(config)), options_(std::move(options)) {}

    void chat(const ChatRequest& request, Call& call, EventSink& sink) override {
        const std::string model = model_or_default(config_, request.model);
        with_session(
            call,
            [&](const CopilotSession& session) {
                const bool responses = routes_.uses_responses(model);
                if (chat_on(responses, session, request, call, sink)) return 0;
                // Copilot says the model lives on the other API: remember, and go there.
                routes_.learn(model, !responses);
                chat_on(!responses, session, request, call, sink, /*may_switch=*/false);
                return 0;
            },
            [&] { return !sink.started(); }); // a 401 in a stream already shown is not retried
    }

    boost::json::value list_models(Call& call) override {
        return with_session(
            call,
            [&](const CopilotSession& session) {
                return CopilotChatClient(config_, session, {}, &routes_).list_models(call);
            },
            [] { return true; });
    }

  private:
    // One chat on /responses or /chat/completions. False, with nothing sent to the sink, when
    // Copilot answered that the model is not served there and `may_switch`; else it throws.
    bool chat_on(bool responses, const CopilotSession& session, const ChatRequest& request, Call& call, EventSink& sink,
                 bool may_switch = true) {
        UnsupportedApiSeen unsupported;
        try {
            if (responses)
                CopilotResponsesClient(config_, session, &unsupported).chat(request, call, sink);
            else
                CopilotChatClient(config_, session, options_.betas, nullptr, &unsupported).chat(request, call, sink);
            return true;
        } catch (const Error&) {
            if (!may_switch || !unsupported.seen || sink.started()) throw;
            return false;
        }
    }

    // The GitHub token for this call; throws MISSING_CREDENTIALS naming where it looked.
    std::string github_token(const Call& call) const {
        if (!call.api_key().empty()) return std::string(call.api_key());
        const auto env = env_lookup(host_);
        if (auto stored = copilot_credentials::find_stored_token(env, options_.github_host)) return stored->oauth_token;
        std::string looked;
        if (auto own = copilot_credentials::llmhost_token_path(env); !own.empty()) looked = own;
        for (const auto& path : copilot_credentials::editor_token_paths(env))
            looked += ", " + path;
        throw Error(LLMH_ERR_MISSING_CREDENTIALS,
                    "copilot: not logged in to GitHub (" + options_.github_host + "); " + std::string(login_hint) +
                        " or set GH_COPILOT_TOKEN. Looked in: GH_COPILOT_TOKEN, COPILOT_API_KEY" +
                        (looked.empty() ? std::string() : ", " + looked));
    }

    CopilotSession session(std::string_view oauth_token, const Call& call) {
        const CopilotToken token = cache_.get(oauth_token, host_.wall_clock_ms(), [&] {
            return exchange_copilot_token(call, options_.endpoints.api_url, oauth_token, options_.editor_version);
        });
        std::string api_base = options_.chat_url;
        if (api_base.empty()) api_base = token.api_base;
        if (api_base.empty()) api_base = default_chat_url;
        return {token.token, std::move(api_base), options_.editor_version};
    }

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

inline std::unique_ptr<Provider> make_provider(const Host& host, const ProviderConfig& config) {
    return std::make_unique<CopilotProvider>(host, config, read_copilot_options(host, config));
}

} // namespace llmhost::copilot_plugin
