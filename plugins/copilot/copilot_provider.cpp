#include "copilot_provider.hpp"

#include <utility>

namespace llmhost::copilot_plugin {

CopilotProvider::CopilotProvider(const Host& host, ProviderConfig config, CopilotOptions options)
    : host_(host), config_(std::move(config)), options_(std::move(options)) {}

void CopilotProvider::chat(const ChatRequest& request, Call& call, EventSink& sink) {
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

boost::json::value CopilotProvider::list_models(Call& call) {
    return with_session(
        call,
        [&](const CopilotSession& session) {
            return CopilotChatClient(config_, session, {}, &routes_).list_models(call);
        },
        [] { return true; });
}

bool CopilotProvider::chat_on(bool responses, const CopilotSession& session, const ChatRequest& request, Call& call,
                              EventSink& sink, bool may_switch) {
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

std::string CopilotProvider::github_token(const Call& call) const {
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

CopilotSession CopilotProvider::session(std::string_view oauth_token, const Call& call) {
    const CopilotToken token = cache_.get(oauth_token, host_.wall_clock_ms(), [&] {
        return exchange_copilot_token(call, options_.endpoints.api_url, oauth_token, options_.editor_version);
    });
    std::string api_base = options_.chat_url;
    if (api_base.empty()) api_base = token.api_base;
    if (api_base.empty()) api_base = default_chat_url;
    return {token.token, std::move(api_base), options_.editor_version};
}

std::unique_ptr<Provider> make_provider(const Host& host, const ProviderConfig& config) {
    return std::make_unique<CopilotProvider>(host, config, read_copilot_options(host, config));
}

} // namespace llmhost::copilot_plugin
