// The dmr plugin's `options`, validated (docs/protocols/dmr.md "Runtime
// configuration"):
//
//   context_size                      int > 0     the model's context window ("context-size")
//   runtime_flags                     [string] or string split on spaces and commas: extra
//                                     llama.cpp / vLLM flags ("runtime-flags")
//   speculative_draft_model           string      draft model for speculative decoding
//   speculative_num_tokens            int > 0     tokens drafted per step
//   speculative_min_acceptance_rate   0..1        also read under its older name
//                                     speculative_acceptance_rate (cagent's)
//   backend                           string      pins /engines/{backend}/v1 (llama.cpp, vllm, ...)
//   configure_timeout_ms              int > 0     timeout of the _configure call (default 10000,
//                                     cagent's)
//   forward_betas                     [string]    which of a Chat Completions client's OpenAI-Beta
//                                     values are sent on (default ["*"]: all; [] none)
//   drop_betas                        [string]    OpenAI-Beta values never sent on (checked first)
//
// Any of context_size, runtime_flags or speculative_* makes the plugin send them to
// _configure once per model before the first request (dmr_runtime_config.hpp).
#pragma once

#include <llmhost/provider.hpp>
#include <llmhost/support/wire_extension.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace llmhost::dmr_plugin {

struct SpeculativeDecoding {
    std::string draft_model;
    std::optional<int64_t> num_tokens;
    std::optional<double> min_acceptance_rate;
};

// What _configure is asked to apply; empty() means it is never called.
struct RuntimeConfiguration {
    std::optional<int64_t> context_size;
    std::vector<std::string> runtime_flags;
    std::optional<SpeculativeDecoding> speculative;

    bool empty() const { return !context_size && runtime_flags.empty() && !speculative; }
};

struct DmrOptions {
    RuntimeConfiguration runtime;
    std::string backend; // empty: the default engine (/engines/v1)
    int64_t configure_timeout_ms = 10'000;
    BetaFilter betas;
};

DmrOptions read_dmr_options(const ProviderConfig& config);

} // namespace llmhost::dmr_plugin
