// Helpers for the bedrock plugin's unit tests: one chat call of the provider against the fake
// host (canned HTTP, substituted environment and clock), capturing the events and the error.
#pragma once

#include "unit/fake_host_services.hpp"
#include "unit/plugin_chat_support.hpp"

#include "plugins/bedrock/bedrock_provider.hpp"

#include <boost/json.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace llmhost::bedrock::testing {

using llmhost::testing::CannedResponse;
using llmhost::testing::ChatOutcome;
using llmhost::testing::EventRecorder;
using llmhost::testing::FakeHost;

// The AWS SigV4 test suite's example credentials.
inline constexpr const char* example_access_key_id = "AKIDEXAMPLE";
inline constexpr const char* example_secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

// A fake host whose environment holds the example access keys and region us-east-1, and no
// HOME (so no real ~/.aws file is ever read).
inline void use_example_keys(FakeHost& fake) {
    fake.env = {{"AWS_ACCESS_KEY_ID", example_access_key_id},
                {"AWS_SECRET_ACCESS_KEY", example_secret_access_key},
                {"AWS_REGION", "us-east-1"}};
}

inline ProviderConfig bedrock_config(boost::json::object options = {}, std::string base_url = {},
                                     std::string id = "bedrock") {
    ProviderConfig c;
    c.id = std::move(id);
    c.base_url = std::move(base_url);
    c.default_model = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";
    c.options = std::move(options);
    return c;
}

// One chat call; a provider that cannot be made is the outcome's error too. Errors are named
// with the provider id as the plugin's table names them.
inline ChatOutcome run_chat(FakeHost& fake, const ChatRequest& request, const ProviderConfig& config = bedrock_config(),
                            std::string_view host_key = {}) {
    return llmhost::testing::chat_through_sdk(fake, host_key, [&](Call& call, EventSink& sink) {
        plugin_detail::with_subject(config.id, [&] { make_provider(fake.host(), config)->chat(request, call, sink); });
    });
}

inline ChatRequest user_request(std::string text, bool stream = true,
                                std::string model = "anthropic.claude-3-haiku-20240307-v1:0") {
    return llmhost::testing::one_message_request(std::move(text), stream, std::move(model));
}

inline CannedResponse event_stream_response(std::string body) {
    CannedResponse r;
    r.headers = {{"Content-Type", "application/vnd.amazon.eventstream"}, {"x-amzn-RequestId", "req-1"}};
    r.body = std::move(body);
    return r;
}

// Replays `response` whole and cut at every byte offset, with the example keys; every run
// must agree (see same_outcome_at_every_split).
inline ChatOutcome chat_at_every_split(const CannedResponse& response, const ChatRequest& request) {
    return llmhost::testing::same_outcome_at_every_split(response, [&](CannedResponse r) {
        FakeHost fake;
        use_example_keys(fake);
        fake.responses.push_back(std::move(r));
        return run_chat(fake, request);
    });
}

} // namespace llmhost::bedrock::testing
