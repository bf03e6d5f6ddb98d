// The anthropic plugin's `options` (from the provider's configuration), validated.
//
//   auth                "api_key" (default: the key goes in x-api-key) | "bearer" (the key is an
//                       OAuth access token, sent as Authorization: Bearer)
//   anthropic_version   the anthropic-version header (default "2023-06-01")
//   anthropic_beta      the anthropic-beta header: a string, or an array of beta names
//   forward_betas       the betas of a client's own anthropic-beta header (Anthropic face) that
//                       are sent on: an array of names, "prefix-*" for a prefix (default ["*"]:
//                       all); [] for upstreams that refuse betas they do not know (Bedrock- and
//                       Vertex-style endpoints behind anthropic-custom:<URL>)
//   drop_betas          betas of the client's never sent on, checked first (default none);
//                       the configured anthropic_beta is always sent
//   default_max_tokens  max_tokens when a request sets none (default 4096; the API requires it)
//   account_id, gateway_id  fill {account_id} / {gateway_id} in the base_url (Cloudflare AI
//                       Gateway; else $CLOUDFLARE_ACCOUNT_ID / $CLOUDFLARE_GATEWAY_ID), only for
//                       a base_url that has them
#pragma once

#include <llmhost/protocol/anthropic/client.hpp>
#include <llmhost/provider.hpp>

#include <string>

namespace llmhost::anthropic_plugin {

AnthropicAuth read_auth(const OptionReader& options);

// A string, or an array of strings joined with commas as the header lists them.
std::string read_beta(const OptionReader& options);

AnthropicClientOptions read_anthropic_options(const ProviderConfig& config);

} // namespace llmhost::anthropic_plugin
