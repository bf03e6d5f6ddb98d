// Helpers for the tests of the SDK's OpenAI-compatible translation: run one chat call of an
// OpenAICompatibleClient against canned HTTP responses and capture what came out.
#pragma once

#include "fake_host_services.hpp"

#include <llmhost/openai_compat.hpp>

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace llmhost::testing {

inline ProviderConfig openai_config(std::string id = "openai", std::string base_url = "https://api.example.test/v1",
                                    std::string default_model = "gpt-4o") {
    ProviderConfig c;
    c.id = std::move(id);
    c.base_url = std::move(base_url);
    c.default_model = std::move(default_model);
    return c;
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

inline ChatOutcome run_chat(FakeHost& fake, const OpenAICompatibleClient& client, const ChatRequest& request,
                            std::string_view api_key = "sk-test-key") {
    auto ctx = fake.context(api_key);
    Call call(fake.host(), &ctx);
    EventRecorder recorder;
    EventSink sink(recorder.sink());
    ChatOutcome out;
    try {
        client.chat(request, call, sink);
    } catch (const Error& e) {
        out.error = e;
    }
    out.lines = recorder.lines();
    out.response = recorder.response();
    return out;
}

inline ChatRequest user_request(std::string text, bool stream = true, std::string model = "gpt-4o-mini") {
    ChatRequest r;
    r.model = std::move(model);
    r.stream = stream;
    Message m;
    m.content.push_back(ContentPart::make_text(std::move(text)));
    r.messages.push_back(std::move(m));
    return r;
}

// Replays `response` once per way of cutting its body in two (every byte offset) and once
// byte by byte, requiring every run to produce the same events and error; returns that run.
inline ChatOutcome chat_at_every_split(const CannedResponse& response, const ChatRequest& request,
                                       const ProviderConfig& config = openai_config()) {
    OpenAICompatibleClient client(config);
    std::optional<ChatOutcome> first;
    for (size_t cut = 0; cut <= response.body.size() + 1; ++cut) {
        FakeHost fake;
        CannedResponse r = response;
        if (cut <= response.body.size())
            r.cuts = {cut};
        else
            r.byte_by_byte = true;
        fake.responses.push_back(std::move(r));
        ChatOutcome out = run_chat(fake, client, request);
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

inline std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in, "cannot read " << path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A checked-in expected document from tests/expected/openai/.
inline boost::json::value golden(const std::string& name) {
    return boost::json::parse(read_text_file(std::string(LLMHOST_TEST_SOURCE_DIR) + "/tests/expected/openai/" + name));
}

} // namespace llmhost::testing
