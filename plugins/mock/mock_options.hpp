// The mock plugin's `options`, validated:
//
//   replies_file          path of a JSON array of replies (see mock_replies.hpp), cycled
//   latency_ms            delay before the first event
//   chunk_delay_ms        delay between deltas
//   tool_call             {"name","arguments"}: answer requests that offer tools with this call
//   error                 an error class name: every call fails with that typed error
//   error_retry_after_ms  the retry hint that error carries
//   token_counter         true: count_tokens answers with the mock's own count, the one its
//                         usage reports as input (one token per white-space separated word
//                         of the messages' text); without it the mock has no counter, like
//                         most providers
#pragma once

#include "mock_replies.hpp"

#include <llmhost/provider.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace llmhost::mock_plugin {

struct MockOptions {
    std::vector<MockReply> replies; // empty: echo the last user message
    std::chrono::milliseconds latency{0};
    std::chrono::milliseconds chunk_delay{0};
    std::optional<MockToolCall> tool_call;
    std::optional<MockFailure> failure;
    bool token_counter = false;
};

inline std::chrono::milliseconds read_delay(const OptionReader& options, std::string_view key) {
    const int64_t ms = options.integer(key).value_or(0);
    if (ms < 0) throw config_error("option '" + std::string(key) + "' must not be negative");
    return std::chrono::milliseconds(ms);
}

inline MockOptions read_mock_options(const ProviderConfig& config) {
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
