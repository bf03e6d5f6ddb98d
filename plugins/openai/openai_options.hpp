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

#include <llmhost/plugin_metadata.hpp>
#include <llmhost/protocol/responses/wire_api.hpp>

#include <llmhost/base_url_placeholders.hpp>
#include <llmhost/http.hpp>
#include <llmhost/protocol/openai/request.hpp>
#include <llmhost/provider.hpp>
#include <llmhost/wire_extension.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace llmhost::openai_plugin {

struct FamilyOptions {
    OpenAIWireOptions wire;
    WireApiChoice wire_api;
    Headers headers; // added to every request, before the configured http_headers
};

inline bool base_url_is(const ProviderConfig& config, std::string_view host) {
    return config.base_url.find("://" + std::string(host)) != std::string::npos;
}

// OpenRouter under its own id or a config-defined one pointing at it.
inline bool is_openrouter(const ProviderConfig& config) {
    return config.id == "openrouter" || base_url_is(config, "openrouter.ai");
}

// Servers that refuse stream_options with an error: Mistral (a 422) and Cohere's compatibility API.
inline bool rejects_stream_options(const ProviderConfig& config) {
    return config.id == "mistral" || base_url_is(config, "api.mistral.ai") || config.id == "cohere" ||
           base_url_is(config, "api.cohere.ai") || base_url_is(config, "api.cohere.com");
}

// Kimi Code (Kimi For Coding) serves coding agents it recognises by their User-Agent; this is
// the one ZeroClaw sends.
inline bool is_kimi_code(const ProviderConfig& config) {
    return config.id == "kimi-code" || base_url_is(config, "api.kimi.com");
}

// OpenAI's own platform, whose newer models reject `max_tokens`.
inline bool is_openai_platform(const ProviderConfig& config) {
    return config.id == "openai" || base_url_is(config, "api.openai.com");
}

inline FamilyOptions read_family_options(const ProviderConfig& config) {
    std::vector<std::string_view> known{"max_tokens_field", "include_usage", "organization", "project"};
    known.insert(known.end(), {forward_betas_option, drop_betas_option, wire_api_option, responses_models_option});
    if (is_openrouter(config)) known.insert(known.end(), {"app_url", "app_title"});
    for (const auto name : base_url_placeholder_options(config.base_url))
        known.push_back(name);
    const OptionReader options(config.options, known);

    FamilyOptions out;
    out.wire.developer_role = is_openai_platform(config);
    out.wire.max_tokens_field = is_openai_platform(config) ? OpenAIWireOptions::MaxTokensField::max_completion_tokens
                                                           : OpenAIWireOptions::MaxTokensField::max_tokens;
    if (const auto field = options.string("max_tokens_field")) {
        if (*field == "max_tokens")
            out.wire.max_tokens_field = OpenAIWireOptions::MaxTokensField::max_tokens;
        else if (*field == "max_completion_tokens")
            out.wire.max_tokens_field = OpenAIWireOptions::MaxTokensField::max_completion_tokens;
        else
            throw Error(LLMH_ERR_INVALID_CONFIG, "option 'max_tokens_field' must be \"max_tokens\" or "
                                                 "\"max_completion_tokens\", not \"" +
                                                     *field + "\"");
    }
    out.wire.include_usage = options.boolean("include_usage").value_or(!rejects_stream_options(config));
    out.wire.betas = BetaFilter(options);
    out.wire_api =
        read_wire_api(options, is_openai_platform(config)
                                   ? provider_metadata_strings(own_plugin_metadata(), "openai", responses_models_key)
                                   : std::vector<std::string>{});
    if (const auto org = options.string("organization")) set_header(out.headers, "OpenAI-Organization", *org);
    if (const auto project = options.string("project")) set_header(out.headers, "OpenAI-Project", *project);
    if (is_kimi_code(config)) set_header(out.headers, "User-Agent", "KimiCLI/0.77");
    // Attribution is sent only when configured; OpenRouter's docs name the title header both
    // ways (docs/protocols/openai-compatible.md), so both are sent.
    if (const auto url = options.string("app_url")) set_header(out.headers, "HTTP-Referer", *url);
    if (const auto title = options.string("app_title")) {
        set_header(out.headers, "X-Title", *title);
        set_header(out.headers, "X-OpenRouter-Title", *title);
    }
    return out;
}

} // namespace llmhost::openai_plugin
