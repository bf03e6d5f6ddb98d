// The copilot plugin's `options` (from [providers.copilot] in the configuration), validated:
//
//   github_url      GitHub itself (default https://github.com; a GitHub Enterprise host):
//                   whose login is used (the host key in the token files)
//   api_url         GitHub's REST API, where the Copilot token is exchanged
//                   (default https://api.github.com; GHE: https://api.<domain>)
//   chat_url        the Copilot chat API, instead of the one the token exchange names
//                   (a base_url other than the default https://api.githubcopilot.com
//                   counts as chat_url; the default is only used when the exchange names none)
//   editor_version  the Editor-Version header (default vscode/1.99.3)
//   forward_betas   which of a Chat Completions client's OpenAI-Beta values are sent on
//                   (default ["*"]: all; "prefix-*" matches a prefix; [] none)
//   drop_betas      OpenAI-Beta values never sent on, checked first (default none)
//
// LLMHOST_COPILOT_GITHUB_URL and LLMHOST_COPILOT_API_URL override github_url and api_url, as
// they do for `llmhost auth login copilot`, so both always talk to the same GitHub.
#pragma once

#include "copilot_headers.hpp"

#include <llmhost/provider.hpp>
#include <llmhost/support/copilot_credentials.hpp>
#include <llmhost/support/wire_extension.hpp>

#include <string>
#include <string_view>

namespace llmhost::copilot_plugin {

// Where chat goes when neither chat_url nor the token exchange says (docs/protocols/copilot.md).
inline constexpr std::string_view default_chat_url = "https://api.githubcopilot.com";

struct CopilotOptions {
    copilot_credentials::Endpoints endpoints;
    std::string github_host; // token files are keyed by it, e.g. "github.com"
    std::string chat_url;    // "" : the api endpoint the token exchange returns
    std::string editor_version{default_editor_version};
    BetaFilter betas;
};

copilot_credentials::EnvLookup env_lookup(const Host& host);

CopilotOptions read_copilot_options(const Host& host, const ProviderConfig& config);

} // namespace llmhost::copilot_plugin
