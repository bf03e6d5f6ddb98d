// The openai-codex plugin's `options` (from [providers.openai-codex]), validated:
//
//   issuer     OpenAI's auth server, where tokens are refreshed (default https://auth.openai.com)
//
// and the provider's base_url: the ChatGPT Codex backend (default
// https://chatgpt.com/backend-api/codex). LLMHOST_CODEX_ISSUER and LLMHOST_CODEX_BASE_URL
// override both, as they do for `llmhost auth login openai-codex`, so that tests can point
// the plugin and the host at one local mock.
#pragma once

#include <llmhost/provider.hpp>
#include <llmhost/support/codex_credentials.hpp>

namespace llmhost::codex_plugin {

struct CodexOptions {
    codex_credentials::Endpoints endpoints;
};

codex_credentials::EnvLookup env_lookup(const Host& host);

CodexOptions read_codex_options(const Host& host, const ProviderConfig& config);

} // namespace llmhost::codex_plugin
