#include "gemini_options.hpp"

#include <llmhost/error.hpp>

#include <utility>

namespace llmhost::gemini_plugin {

bool is_api_version(std::string_view segment) {
    if (segment.size() < 2 || segment[0] != 'v') return false;
    size_t i = 1;
    while (i < segment.size() && segment[i] >= '0' && segment[i] <= '9')
        ++i;
    if (i == 1) return false;
    std::string_view rest = segment.substr(i);
    for (std::string_view stage : {"alpha", "beta"})
        if (rest.rfind(stage, 0) == 0) {
            rest.remove_prefix(stage.size());
            break;
        }
    for (char c : rest)
        if (c < '0' || c > '9') return false;
    return true;
}

GeminiOptions read_gemini_options(const ProviderConfig& config) {
    const OptionReader options(config.options, {"embedding_model", "api_version"});
    GeminiOptions out;
    if (auto model = options.string("embedding_model")) {
        if (model->empty()) throw Error(LLMH_ERR_INVALID_CONFIG, "option 'embedding_model' must not be empty");
        out.embedding_model = std::move(*model);
    }
    if (auto version = options.string("api_version")) {
        if (!is_api_version(*version))
            throw Error(LLMH_ERR_INVALID_CONFIG,
                        "option 'api_version' must look like \"v1beta\" or \"v1\", not \"" + *version + "\"");
        out.api_version = std::move(*version);
    }
    return out;
}

} // namespace llmhost::gemini_plugin
