// Which of OpenAI's two chat APIs a request goes to: Chat Completions by default, the
// Responses API when the provider is configured `wire_api = "responses"` or the model exists
// only there: the models its plugin metadata lists under "responses_models" (OpenAI's
// Responses-only models for `openai`), plus those of the `responses_models` option.
#pragma once

#include <llmhost/error.hpp>
#include <llmhost/provider.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llmhost {

// The metadata key of a provider's Responses-only models (a list of names; a dated snapshot
// "o3-pro-2025-06-10" or a variant "gpt-5-codex-mini" of a name counts too).
inline constexpr std::string_view responses_models_key = "responses_models";

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

// `wire_api` ("chat_completions" | "responses") and `responses_models` ([string], added to
// `responses_only`, the provider's own list from its metadata).
inline WireApiChoice read_wire_api(const OptionReader& options, std::vector<std::string> responses_only) {
    WireApiChoice out;
    out.responses_only = std::move(responses_only);
    if (const auto api = options.string(wire_api_option)) {
        if (*api == "responses")
            out.responses_for_all = true;
        else if (*api != "chat_completions")
            throw Error(LLMH_ERR_INVALID_CONFIG,
                        "option 'wire_api' must be \"chat_completions\" or \"responses\", not \"" + *api + "\"");
    }
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
