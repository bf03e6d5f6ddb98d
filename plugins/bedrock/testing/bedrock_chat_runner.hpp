// Test-only: runs one chat call of the bedrock provider against the unit tests' fake host
// (canned HTTP, substituted environment and clock) and captures the events and the error.
// Not compiled into the plugin.
#pragma once

#include "plugins/bedrock/bedrock_provider.hpp"
#include "unit/fake_host_services.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <vector>

namespace llmhost::bedrock::testing {

using llmhost::testing::CannedResponse;
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

struct ChatOutcome {
    std::vector<std::string> lines;
    ChatResponse response;
    std::optional<Error> error;

    std::vector<std::string> transcript() const {
        auto out = lines;
        if (error) out.push_back("error " + std::string(error_class_name(error->error_class())) + " " + error->what());
        return out;
    }
};

inline ChatOutcome run_chat(FakeHost& fake, const ChatRequest& request, const ProviderConfig& config = bedrock_config(),
                            std::string_view host_key = {}) {
    ChatOutcome out;
    EventRecorder recorder;
    try {
        auto provider = make_provider(fake.host(), config);
        auto ctx = fake.context(host_key);
        Call call(fake.host(), &ctx);
        EventSink sink(recorder.sink());
        provider->chat(request, call, sink);
    } catch (const Error& e) {
        out.error = e;
    }
    out.lines = recorder.lines();
    out.response = recorder.response();
    return out;
}

inline ChatRequest user_request(std::string text, bool stream = true,
                                std::string model = "anthropic.claude-3-haiku-20240307-v1:0") {
    ChatRequest r;
    r.model = std::move(model);
    r.stream = stream;
    Message m;
    m.content.push_back(ContentPart::make_text(std::move(text)));
    r.messages.push_back(std::move(m));
    return r;
}

inline CannedResponse event_stream_response(std::string body) {
    CannedResponse r;
    r.headers = {{"Content-Type", "application/vnd.amazon.eventstream"}, {"x-amzn-RequestId", "req-1"}};
    r.body = std::move(body);
    return r;
}

// Replays `response` cut in two at every byte offset and once byte by byte, requiring every
// run to give the same events and error; returns that run.
inline ChatOutcome chat_at_every_split(const CannedResponse& response, const ChatRequest& request) {
    std::optional<ChatOutcome> first;
    for (size_t cut = 0; cut <= response.body.size() + 1; ++cut) {
        FakeHost fake;
        use_example_keys(fake);
        CannedResponse r = response;
        if (cut <= response.body.size())
            r.cuts = {cut};
        else
            r.byte_by_byte = true;
        fake.responses.push_back(std::move(r));
        ChatOutcome out = run_chat(fake, request);
        if (!first) {
            first = out;
            continue;
        }
        const auto got = out.transcript(), expected = first->transcript();
        BOOST_TEST_INFO(
            "body cut " << (cut <= response.body.size() ? "at byte " + std::to_string(cut) : "byte by byte"));
        BOOST_REQUIRE_EQUAL_COLLECTIONS(got.begin(), got.end(), expected.begin(), expected.end());
    }
    return *first;
}

} // namespace llmhost::bedrock::testing
