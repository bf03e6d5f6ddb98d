// What the mock provider answers: scripted replies (from replies_file or options), and the
// simulated failures, parsed and validated when the provider is created.
//
// A reply is a string (the text) or an object with any of
//   "text", "reasoning", "model" (the model reported as answering),
//   "reasoning_state": {"signature", "data"}: state (origin "mock") that ends the reasoning and
//                      must come back with this turn (mock_state.hpp),
//   "tool_call": {"name", "arguments": object or JSON text},
//   "error": {"class": "rate_limited" | ..., "message", "retry_after_ms"}.
#pragma once

#include <llmhost/error.hpp>
#include <llmhost/provider_abi.h>

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmhost::mock_plugin {

struct MockToolCall {
    std::string name;
    std::string arguments; // JSON text
};

struct MockFailure {
    llmh_error_class error_class = LLMH_ERR_SERVER;
    std::string message; // "" = a standard one naming the class
    int64_t retry_after_ms = -1;
};

struct MockReasoningState {
    std::string signature;
    std::string data;
};

struct MockReply {
    std::string text;
    std::string reasoning;
    std::string model;
    std::optional<MockReasoningState> reasoning_state;
    std::optional<MockToolCall> tool_call;
    std::optional<MockFailure> error;
};

Error config_error(const std::string& message);

// The error class named `name`: every llmhost class by its stable name (error_class_name),
// plus the short spellings "server" and "context_length".
llmh_error_class error_class_from_name(std::string_view name, std::string_view where);

// The HTTP status a real upstream would have answered with, so hosts see realistic errors.
int typical_http_status(llmh_error_class cls);

const boost::json::object& expect_object(const boost::json::value& v, std::string_view where);

void reject_unknown_keys(const boost::json::object& o, std::vector<std::string_view> known, std::string_view where);

std::string string_field(const boost::json::object& o, std::string_view key, std::string_view where);

MockToolCall tool_call_from_json(const boost::json::value& v, std::string_view where);

MockFailure failure_from_json(const boost::json::value& v, std::string_view where);

MockReasoningState reasoning_state_from_json(const boost::json::value& v, std::string_view where);

MockReply reply_from_json(const boost::json::value& v, std::string_view where);

// replies_file: a JSON array of replies, used in order and then from the start again.
std::vector<MockReply> load_replies_file(const std::string& path);

} // namespace llmhost::mock_plugin
