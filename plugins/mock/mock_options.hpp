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
#include <string_view>
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

std::chrono::milliseconds read_delay(const OptionReader& options, std::string_view key);

MockOptions read_mock_options(const ProviderConfig& config);

} // namespace llmhost::mock_plugin
