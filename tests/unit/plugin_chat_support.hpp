// What plugin unit tests share to run one chat call against the fake host: a one-message
// request; what a call leaves — its events, the response they add up to and its error; the
// ways to make the call, through a plugin's C table as the host does or through the SDK's C++
// classes; and the replay of one response cut at every byte offset, which every streaming
// decoder must survive.
#pragma once

#include "fake_host_services.hpp"

#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llmhost::testing {

// A canonical request with one user message.
inline ChatRequest one_message_request(std::string text, bool stream, std::string model) {
    ChatRequest r;
    r.model = std::move(model);
    r.stream = stream;
    Message m;
    m.content.push_back(ContentPart::make_text(std::move(text)));
    r.messages.push_back(std::move(m));
    return r;
}

struct ChatOutcome {
    std::vector<std::string> lines; // the events, one line each
    ChatResponse response;
    std::optional<Error> error;

    // Events and error together, to compare whole runs.
    std::vector<std::string> transcript() const {
        auto out = lines;
        if (error)
            out.push_back("error " + std::string(error_class_name(error->error_class())) +
                          " http=" + std::to_string(error->http_status()) +
                          " retry=" + std::to_string(error->retry_after_ms()) + " " + error->what());
        return out;
    }
};

inline ChatOutcome chat_outcome(const EventRecorder& recorder, std::optional<Error> error) {
    ChatOutcome out;
    out.lines = recorder.lines();
    out.response = recorder.response();
    out.error = std::move(error);
    return out;
}

// One chat call through a plugin's C table, as the host makes it.
inline ChatOutcome chat_through_table(FakeHost& fake, const AbiProvider& provider, std::string_view request_json,
                                      std::string_view api_key) {
    auto ctx = fake.context(api_key);
    EventRecorder recorder;
    std::optional<Error> error = provider.chat(ctx, request_json, recorder);
    return chat_outcome(recorder, std::move(error));
}

// One chat call through the SDK's C++ side: chat(Call&, EventSink&) makes it, and an Error it
// throws is the outcome's.
template <class Chat> ChatOutcome chat_through_sdk(FakeHost& fake, std::string_view api_key, Chat&& chat) {
    EventRecorder recorder;
    std::optional<Error> error;
    try {
        auto ctx = fake.context(api_key);
        Call call(fake.host(), &ctx);
        EventSink sink(recorder.sink());
        chat(call, sink);
    } catch (const Error& e) {
        error = e;
    }
    return chat_outcome(recorder, std::move(error));
}

// Runs chat_with(CannedResponse) on `response` whole, then with its body cut in two at every
// byte offset and once byte by byte, requiring every run to give the same events and error;
// returns the whole run.
template <class ChatWith>
ChatOutcome same_outcome_at_every_split(const CannedResponse& response, ChatWith&& chat_with) {
    const ChatOutcome whole = chat_with(response);
    for (size_t cut = 0; cut <= response.body.size() + 1; ++cut) {
        CannedResponse r = response;
        if (cut <= response.body.size())
            r.cuts = {cut};
        else
            r.byte_by_byte = true;
        const auto got = chat_with(std::move(r)).transcript(), expected = whole.transcript();
        BOOST_TEST_INFO(
            "body cut " << (cut <= response.body.size() ? "at byte " + std::to_string(cut) : "byte by byte"));
        BOOST_REQUIRE_EQUAL_COLLECTIONS(got.begin(), got.end(), expected.begin(), expected.end());
    }
    return whole;
}

} // namespace llmhost::testing
