// What every front end (the CLI, the gateway) does around one attempt of the attempt loop:
// the call options a provider's settings imply, the capability check that fails before any
// I/O, and running an operation against pooled provider instances.
#pragma once

#include "core/plugins/plugin_loader.hpp"
#include "core/reliability/attempt_loop.hpp"
#include "core/reliability/provider_pool.hpp"
#include "core/reliability/request_needs.hpp"

#include <llmhost/chat.hpp>

#include <atomic>
#include <functional>
#include <string_view>
#include <vector>

namespace llmhost::reliability {

// The option's key, its provider's timeout_ms / stream_idle_timeout_ms / max_response_bytes /
// max_stream_line_bytes, and `cancel`.
plugins::CallOptions call_options_for(const Option& option, std::string_view key, const std::atomic<bool>* cancel);

// What a front end calls the parts of its input that ask for tools, images and structured
// output (the CLI: its flags), so a capability error can point at them.
struct CapabilitySources {
    std::string_view tools, images, structured_output;
};

// Throws Error(LLMH_ERR_UNSUPPORTED) naming the provider and the capability when the request
// needs tools, images or structured output the provider (or that model) does not offer; the
// text ends "(needed by <source>)" given `sources`, else "(model '<model>')".
// Capabilities nobody declared are left for the provider to decide.
void check_capabilities(plugins::ProviderInstance& instance, const Option& option, const RequestNeeds& needs,
                        const CapabilitySources* sources = nullptr);

// One attempt against the instance serving `option`, with call options carrying its key.
using InstanceOperation =
    std::function<void(plugins::ProviderInstance& instance, const Option& option, const plugins::CallOptions& call)>;

// Runs `op` through `loop` with instances from `pool`. A fallback whose plugin cannot load
// counts as unsupported (the loop moves on) instead of ending the request.
LoopResult run_with_pool(AttemptLoop& loop, ProviderPool& pool, const std::vector<Option>& plan,
                         const InstanceOperation& op, const std::atomic<bool>* cancel,
                         const std::function<bool()>& committed = {}, const PlanPosition* start = nullptr);

} // namespace llmhost::reliability
