#include "mock_options.hpp"

#include <cstdint>
#include <string>

namespace llmhost::mock_plugin {

std::chrono::milliseconds read_delay(const OptionReader& options, std::string_view key) {
    const int64_t ms = options.integer(key).value_or(0);
    if (ms < 0) throw config_error("option '" + std::string(key) + "' must not be negative");
    return std::chrono::milliseconds(ms);
}

MockOptions read_mock_options(const ProviderConfig& config) {
    const OptionReader options(config.options, {"replies_file", "latency_ms", "chunk_delay_ms", "tool_call", "error",
                                                "error_retry_after_ms", "token_counter"});
    MockOptions out;
    if (const auto path = options.string("replies_file")) out.replies = load_replies_file(*path);
    out.latency = read_delay(options, "latency_ms");
    out.chunk_delay = read_delay(options, "chunk_delay_ms");
    if (const auto* call = options.raw("tool_call")) out.tool_call = tool_call_from_json(*call, "option 'tool_call'");
    if (const auto name = options.string("error")) {
        out.failure = MockFailure{error_class_from_name(*name, "option 'error'"), {}, -1};
        out.failure->retry_after_ms = options.integer("error_retry_after_ms").value_or(-1);
    } else if (options.raw("error_retry_after_ms")) {
        throw config_error("option 'error_retry_after_ms' only applies together with option 'error'");
    }
    out.token_counter = options.boolean("token_counter").value_or(false);
    return out;
}

} // namespace llmhost::mock_plugin
