// Which of OpenAI's two chat APIs a request goes to: Chat Completions by default, the
// Responses API when the provider is configured `wire_api = "responses"` or the model exists
// only there (OpenAI's Responses-only models, plus the `responses_models` option).
#pragma once

#include <llmhost/error.hpp>
#include <llmhost/provider.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace llmhost {

// Models OpenAI serves only through /v1/responses (their model pages list no Chat Completions
// endpoint). A dated snapshot ("o3-pro-2025-06-10") or a variant ("gpt-5-codex-mini") counts too.
inline const std::vector<std::string>& openai_responses_only_models() {
    static const std::vector<std::string> names{
        "o1-pro",      "o3-pro",    "o3-deep-research",    "o4-mini-deep-research", "codex-mini-latest",
        "gpt-5-codex", "gpt-5-pro", "computer-use-preview"};
    return names;
}

// The option names read_wire_api reads, for the plugins' lists of known options.
inline constexpr std::string_view wire_api_option = "wire_api";
inline constexpr std::string_view responses_models_option = "responses_models";

struct WireApiChoice {
    bool responses_for_all = false;          // wire_api = "responses"
    std::vector<std::string> responses_only; // models sent to /responses whatever wire_api says

    bool uses_responses(std::string_view model) const {
        if (responses_for_all) return true;
        for (const auto& name : responses_only)
            if (model == name ||
                (model.size() > name.size() && model.substr(0, name.size()) == name && model[name.size()] == '-'))
                return true;
        return false;
    }
};

// `wire_api` ("chat_completions" | "responses") and `responses_models` ([string], added to the
// built-in list, which only OpenAI's own platform uses).
inline WireApiChoice read_wire_api(const OptionReader& options, bool openai_platform) {
    WireApiChoice out;
    if (const auto api = options.string(wire_api_option)) {
        if (*api == "responses")
            out.responses_for_all = true;
        else if (*api != "chat_completions")
            throw Error(LLMH_ERR_INVALID_CONFIG,
                        "option 'wire_api' must be \"chat_completions\" or \"responses\", not \"" + *api + "\"");
    }
    if (openai_platform) out.responses_only = openai_responses_only_models();
    if (const auto* list = options.raw(responses_models_option)) {
        if (!list->is_array())
            throw Error(LLMH_ERR_INVALID_CONFIG, "option 'responses_models' must be a list of model names");
        for (const auto& name : list->get_array()) {
            if (!name.is_string())
                throw Error(LLMH_ERR_INVALID_CONFIG, "option 'responses_models' must be a list of model names");
            out.responses_only.emplace_back(name.get_string());
        }
    }
    return out;
}

} // namespace llmhost
