#include "core/reliability/provider_call.hpp"

#include <string>

namespace llmhost::reliability {

plugins::CallOptions call_options_for(const Option& option, std::string_view key, const std::atomic<bool>* cancel) {
    plugins::CallOptions o;
    o.api_key = key;
    o.cancel = cancel;
    if (const auto* e = option.provider.entry) {
        if (e->timeout_ms) o.total_timeout = std::chrono::milliseconds(*e->timeout_ms);
        if (e->stream_idle_timeout_ms) o.idle_timeout = std::chrono::milliseconds(*e->stream_idle_timeout_ms);
        if (e->max_response_bytes.value_or(0) > 0)
            o.response_limits.max_body_bytes = static_cast<uint64_t>(*e->max_response_bytes);
        if (e->max_stream_line_bytes.value_or(0) > 0)
            o.response_limits.max_stream_line_bytes = static_cast<uint64_t>(*e->max_stream_line_bytes);
    }
    return o;
}

void check_capabilities(plugins::ProviderInstance& instance, const Option& option, const RequestNeeds& needs,
                        const CapabilitySources* sources) {
    uint32_t caps = instance.capabilities(option.model);
    if (caps == 0) caps = option.provider.capabilities;
    if (caps == 0) return;
    auto need = [&](uint32_t bit, const char* what, std::string_view CapabilitySources::*source) {
        if (caps & bit) return;
        const std::string why = sources ? "needed by " + std::string(sources->*source) : "model '" + option.model + "'";
        throw Error(LLMH_ERR_UNSUPPORTED,
                    "provider '" + option.provider.id + "' does not support " + what + " (" + why + ")");
    };
    if (needs.tools) need(LLMH_CAP_TOOLS, "tools", &CapabilitySources::tools);
    if (needs.images) need(LLMH_CAP_VISION, "images", &CapabilitySources::images);
    if (needs.structured_output)
        need(LLMH_CAP_STRUCTURED_OUTPUT, "structured output", &CapabilitySources::structured_output);
}

LoopResult run_with_pool(AttemptLoop& loop, ProviderPool& pool, const std::vector<Option>& plan,
                         const InstanceOperation& op, const std::atomic<bool>* cancel,
                         const std::function<bool()>& committed, const PlanPosition* start) {
    return loop.run(
        plan,
        [&](const Option& option, const std::string& key, int) {
            plugins::ProviderInstance* target = nullptr;
            try {
                target = &pool.get(option.provider);
            } catch (const plugins::PluginLoadError& e) {
                throw Error(LLMH_ERR_UNSUPPORTED, e.what());
            }
            op(*target, option, call_options_for(option, key, cancel));
        },
        committed, start);
}

} // namespace llmhost::reliability
