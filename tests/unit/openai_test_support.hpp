// Helpers for the tests of the SDK's OpenAI-compatible translation: run one chat call of an
// OpenAICompatibleClient against canned HTTP responses and capture what came out.
#pragma once

#include "expected_files.hpp"
#include "fake_host_services.hpp"
#include "plugin_chat_support.hpp"

#include <llmhost/protocol/openai/compat.hpp>

#include <boost/json.hpp>

#include <string>
#include <string_view>

namespace llmhost::testing {

inline ProviderConfig openai_config(std::string id = "openai", std::string base_url = "https://api.example.test/v1",
                                    std::string default_model = "gpt-4o") {
    ProviderConfig c;
    c.id = std::move(id);
    c.base_url = std::move(base_url);
    c.default_model = std::move(default_model);
    return c;
}

inline ChatOutcome run_chat(FakeHost& fake, const OpenAICompatibleClient& client, const ChatRequest& request,
                            std::string_view api_key = "sk-test-key") {
    return chat_through_sdk(fake, api_key, [&](Call& call, EventSink& sink) { client.chat(request, call, sink); });
}

inline ChatRequest user_request(std::string text, bool stream = true, std::string model = "gpt-4o-mini") {
    return one_message_request(std::move(text), stream, std::move(model));
}

// Replays `response` whole and cut at every byte offset; every run must agree (see
// same_outcome_at_every_split).
inline ChatOutcome chat_at_every_split(const CannedResponse& response, const ChatRequest& request,
                                       const ProviderConfig& config = openai_config()) {
    OpenAICompatibleClient client(config);
    return same_outcome_at_every_split(response, [&](CannedResponse r) {
        FakeHost fake;
        fake.responses.push_back(std::move(r));
        return run_chat(fake, client, request);
    });
}

// A checked-in expected document from tests/expected/openai/.
inline boost::json::value golden(const std::string& name) { return expected_json("openai", name); }

} // namespace llmhost::testing
