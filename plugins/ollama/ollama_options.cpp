#include "ollama_options.hpp"

#include <llmhost/error.hpp>

namespace llmhost::ollama_plugin {

OllamaOptions read_ollama_options(const ProviderConfig& config) {
    const OptionReader options(config.options, {"options", "keep_alive", "think"});
    OllamaOptions out;
    if (const auto* v = options.raw("options")) {
        if (!v->is_object())
            throw Error(LLMH_ERR_INVALID_CONFIG, "option 'options' must be a table of Ollama model options, "
                                                 "e.g. options = { options = { num_ctx = 8192 } }");
        out.model_options = v->get_object();
    }
    if (const auto* v = options.raw("keep_alive")) {
        if (!(v->is_string() && !v->get_string().empty()) && !v->is_number())
            throw Error(LLMH_ERR_INVALID_CONFIG,
                        "option 'keep_alive' must be a duration string such as \"10m\" or a number of seconds");
        out.keep_alive = *v;
    }
    if (const auto* v = options.raw("think")) {
        if (!v->is_bool() && !(v->is_string() && !v->get_string().empty()))
            throw Error(LLMH_ERR_INVALID_CONFIG,
                        "option 'think' must be true, false or an effort such as \"low\", \"medium\" or \"high\"");
        out.think = *v;
    }
    return out;
}

} // namespace llmhost::ollama_plugin
