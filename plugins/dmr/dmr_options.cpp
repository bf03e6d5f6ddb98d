#include "dmr_options.hpp"

#include <llmhost/error.hpp>

#include <boost/json.hpp>

#include <cctype>
#include <limits>
#include <string_view>

namespace llmhost::dmr_plugin {

namespace {

Error config_error(const std::string& message) { return Error(LLMH_ERR_INVALID_CONFIG, message); }

int64_t positive(std::string_view key, int64_t value, int64_t max = std::numeric_limits<int64_t>::max()) {
    if (value <= 0 || value > max)
        throw config_error("option '" + std::string(key) + "' must be a positive integer" +
                           (max < std::numeric_limits<int64_t>::max() ? " up to " + std::to_string(max) : ""));
    return value;
}

// "--temp 0.2,--top-p 0.9" -> ["--temp", "0.2", "--top-p", "0.9"] (cagent's rule).
std::vector<std::string> split_flags(std::string_view text) {
    std::vector<std::string> out;
    std::string current;
    for (char c : text) {
        if (c == ',' || std::isspace(static_cast<unsigned char>(c))) {
            if (!current.empty()) out.push_back(std::move(current));
            current.clear();
        } else {
            current.push_back(c);
        }
    }
    if (!current.empty()) out.push_back(std::move(current));
    return out;
}

std::vector<std::string> runtime_flags(const OptionReader& options) {
    const auto* value = options.raw("runtime_flags");
    if (!value) return {};
    if (value->is_string()) return split_flags(value->get_string());
    if (!value->is_array()) throw config_error("option 'runtime_flags' must be an array of strings or a string");
    std::vector<std::string> flags;
    for (const auto& flag : value->get_array()) {
        if (!flag.is_string()) throw config_error("option 'runtime_flags' must contain only strings");
        if (!flag.get_string().empty()) flags.emplace_back(flag.get_string());
    }
    return flags;
}

std::optional<double> min_acceptance_rate(const OptionReader& options) {
    const auto current = options.number("speculative_min_acceptance_rate");
    const auto legacy = options.number("speculative_acceptance_rate");
    if (current && legacy)
        throw config_error("set only one of 'speculative_min_acceptance_rate' and its older name "
                           "'speculative_acceptance_rate'");
    const auto rate = current ? current : legacy;
    if (rate && (*rate < 0.0 || *rate > 1.0))
        throw config_error("option '" +
                           std::string(current ? "speculative_min_acceptance_rate" : "speculative_acceptance_rate") +
                           "' must be between 0 and 1");
    return rate;
}

std::optional<SpeculativeDecoding> speculative(const OptionReader& options) {
    const auto draft = options.string("speculative_draft_model");
    const auto tokens = options.integer("speculative_num_tokens");
    const auto rate = min_acceptance_rate(options);
    if (!draft) {
        if (tokens || rate)
            throw config_error("options 'speculative_num_tokens' and 'speculative_min_acceptance_rate' need "
                               "'speculative_draft_model'");
        return std::nullopt;
    }
    if (draft->empty()) throw config_error("option 'speculative_draft_model' must name a model");
    SpeculativeDecoding s{*draft, std::nullopt, rate};
    if (tokens) s.num_tokens = positive("speculative_num_tokens", *tokens);
    return s;
}

// Backend names become a path segment; anything else would change the URL's meaning.
std::string backend(const OptionReader& options) {
    const std::string name = options.string("backend").value_or("");
    if (!options.raw("backend")) return name;
    bool ok = !name.empty() && name != "." && name != "..";
    for (unsigned char c : name)
        ok = ok && (std::isalnum(c) || c == '.' || c == '-' || c == '_');
    if (!ok)
        throw config_error("option 'backend' must be an engine name such as \"llama.cpp\", \"vllm\" or "
                           "\"diffusers\", not \"" +
                           name + "\"");
    return name;
}

} // namespace

DmrOptions read_dmr_options(const ProviderConfig& config) {
    const OptionReader options(config.options,
                               {"speculative_draft_model", "speculative_num_tokens", "speculative_min_acceptance_rate",
                                "speculative_acceptance_rate", "context_size", "runtime_flags", "backend",
                                "configure_timeout_ms", forward_betas_option, drop_betas_option});
    DmrOptions out;
    if (const auto size = options.integer("context_size"))
        out.runtime.context_size = positive("context_size", *size, std::numeric_limits<int32_t>::max());
    out.runtime.runtime_flags = runtime_flags(options);
    out.runtime.speculative = speculative(options);
    out.backend = backend(options);
    if (const auto timeout = options.integer("configure_timeout_ms"))
        out.configure_timeout_ms = positive("configure_timeout_ms", *timeout);
    out.betas = BetaFilter(options);
    return out;
}

} // namespace llmhost::dmr_plugin
