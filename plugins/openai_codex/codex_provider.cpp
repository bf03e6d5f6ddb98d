#include "codex_provider.hpp"

#include <utility>

namespace llmhost::codex_plugin {

CodexProvider::CodexProvider(const Host& host, ProviderConfig config, CodexOptions options)
    : config_(std::move(config)), options_(std::move(options)), keeper_(host, options_), session_id_(new_session_id()) {
}

void CodexProvider::chat(const ChatRequest& request, Call& call, EventSink& sink) {
    // A 401 arrives before any event, so the retry never repeats output.
    with_codex_auth(
        keeper_, call,
        [&](const CodexAuth& auth) {
            CodexChatClient(config_, options_.endpoints.base_url, auth, session_id_).chat(request, call, sink);
        },
        [] { return true; });
}

boost::json::value CodexProvider::list_models(Call& call) {
    return with_codex_auth(
        keeper_, call,
        [&](const CodexAuth& auth) { return fetch_codex_models(call, options_.endpoints.base_url, auth, session_id_); },
        [] { return true; });
}

std::unique_ptr<Provider> make_provider(const Host& host, const ProviderConfig& config) {
    return std::make_unique<CodexProvider>(host, config, read_codex_options(host, config));
}

} // namespace llmhost::codex_plugin
