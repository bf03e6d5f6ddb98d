// The openai plugin's `options` (from the provider's configuration), validated.
//
//   max_tokens_field  "max_tokens" | "max_completion_tokens"  which field carries max tokens
//                     (default: max_completion_tokens for OpenAI itself, max_tokens for
//                     clones, which mostly know only that one)
//   include_usage     bool    ask for the usage chunk when streaming (default true, except
//                     Mistral and Cohere, which reject stream_options; Mistral sends usage unasked)
//   organization      string  OpenAI-Organization header
//   project           string  OpenAI-Project header
//   app_url           string  OpenRouter attribution: HTTP-Referer  (OpenRouter only)
//   app_title         string  OpenRouter attribution: X-Title      (OpenRouter only)
//   forward_betas     [string]  which of a Chat Completions client's OpenAI-Beta values are
//                     sent on (default ["*"]: all; "prefix-*" matches a prefix; [] none).
//                     An OpenAI-Beta in http_headers is always sent, before them
//   drop_betas        [string]  OpenAI-Beta values never sent on, checked first (default none)
//   wire_api          "chat_completions" | "responses"  which API chat goes to (default
//                     chat_completions; see llmhost/protocol/responses/wire_api.hpp)
//   responses_models  [string]  models that go to /responses whatever wire_api says, added to
//                     OpenAI's Responses-only models (o1-pro, o3-pro, gpt-5-codex, ...: the
//                     metadata's "responses_models" of `openai`), which only OpenAI's platform uses
//   account_id, gateway_id  string  fill {account_id} / {gateway_id} in the base_url (Cloudflare
//                     AI Gateway; else $CLOUDFLARE_ACCOUNT_ID / $CLOUDFLARE_GATEWAY_ID), only
//                     for a base_url that has them
//
// What a Chat Completions client sent beyond the canonical model (logit_bias, seed, metadata,
// ...) is sent on as it came; prompt_cache_key, user and service_tier when the client set them.
#pragma once

#include <llmhost/http.hpp>
#include <llmhost/protocol/openai/request.hpp>
#include <llmhost/protocol/responses/wire_api.hpp>
#include <llmhost/provider.hpp>

#include <string_view>

namespace llmhost::openai_plugin {

struct FamilyOptions {
    OpenAIWireOptions wire;
    WireApiChoice wire_api;
    Headers headers; // added to every request, before the configured http_headers
};

bool base_url_is(const ProviderConfig& config, std::string_view host);

// OpenRouter under its own id or a config-defined one pointing at it.
bool is_openrouter(const ProviderConfig& config);

// Servers that refuse stream_options with an error: Mistral (a 422) and Cohere's compatibility API.
bool rejects_stream_options(const ProviderConfig& config);

// Kimi Code (Kimi For Coding) serves coding agents it recognises by their User-Agent; this is
// the one ZeroClaw sends.
bool is_kimi_code(const ProviderConfig& config);

// OpenAI's own platform, whose newer models reject `max_tokens`.
bool is_openai_platform(const ProviderConfig& config);

FamilyOptions read_family_options(const ProviderConfig& config);

} // namespace llmhost::openai_plugin
