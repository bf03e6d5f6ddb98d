#include "openai_options.hpp"

#include <llmhost/plugin_metadata.hpp>
#include <llmhost/support/base_url_placeholders.hpp>
#include <llmhost/support/wire_extension.hpp>

#include <string>
#include <vector>

namespace llmhost::openai_plugin {

bool base_url_is(const ProviderConfig& config, std::string_view host) {
    return config.base_url.find("://" + std::string(host)) != std::string::npos;
}

bool is_openrouter(const ProviderConfig& config) {
    return config.id == "openrouter" || base_url_is(config, "openrouter.ai");
}

bool rejects_stream_options(const ProviderConfig& config) {
    return config.id == "mistral" || base_url_is(config, "api.mistral.ai") || config.id == "cohere" ||
           base_url_is(config, "api.cohere.ai") || base_url_is(config, "api.cohere.com");
}

bool is_kimi_code(const ProviderConfig& config) {
    return config.id == "kimi-code" || base_url_is(config, "api.kimi.com");
}

bool is_openai_platform(const ProviderConfig& config) {
    return config.id == "openai" || base_url_is(config, "api.openai.com");
}

FamilyOptions read_family_options(const ProviderConfig& config) {
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
