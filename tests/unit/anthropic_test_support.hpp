// Helpers for the anthropic plugin's unit tests: the plugin called through its C table, as
// the host calls it, with a fake host that replays canned HTTP responses.
#pragma once

#include "fake_host_services.hpp"

#include "plugins/anthropic/anthropic_provider.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace llmhost::testing {

inline const llmh_plugin& anthropic_table() {
    return *plugin_detail::Adapter<&anthropic_plugin::make_provider>::table("anthropic", "test");
}

inline const std::string anthropic_test_base_url = "https://api.anthropic.test";

// Config JSON as the host builds it for the `anthropic` id.
inline std::string anthropic_config(boost::json::object options = {},
                                    std::string_view base_url = anthropic_test_base_url,
                                    boost::json::object http_headers = {}) {
    return provider_config("anthropic", base_url, "claude-sonnet-4-5", std::move(options), std::move(http_headers));
}

// What create() reports for `config_json`, or nullopt when it accepts it.
inline std::optional<Error> anthropic_create_error(const std::string& config_json) {
    FakeHost fake;
    try {
        AbiProvider provider(anthropic_table(), fake, "anthropic", config_json);
    } catch (const Error& e) {
        return e;
    }
    return std::nullopt;
}

// A one-message canonical request.
inline std::string anthropic_user_request(bool stream = true, std::string_view text = "hi") {
    return boost::json::serialize(
        boost::json::object{{"model", "claude-test"},
                            {"stream", stream},
                            {"messages", boost::json::array{{{"role", "user"}, {"content", text}}}}});
}

struct ChatRun {
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

inline ChatRun run_anthropic_chat(FakeHost& fake, const AbiProvider& provider, std::string_view request_json,
                                  std::string_view api_key = "sk-ant-test-key") {
    auto ctx = fake.context(api_key);
    EventRecorder recorder;
    ChatRun run;
    run.error = provider.chat(ctx, request_json, recorder);
    run.lines = recorder.lines();
    run.response = recorder.response();
    return run;
}

// One chat call against `response`; the run and the request the "server" saw.
inline std::pair<ChatRun, SeenRequest> anthropic_exchange(CannedResponse response,
                                                          std::string_view request_json = anthropic_user_request(),
                                                          const std::string& config_json = anthropic_config(),
                                                          std::string_view api_key = "sk-ant-test-key") {
    FakeHost fake;
    AbiProvider provider(anthropic_table(), fake, "anthropic", config_json);
    fake.responses.push_back(std::move(response));
    ChatRun run = run_anthropic_chat(fake, provider, request_json, api_key);
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 1u);
    return {std::move(run), fake.requests.front()};
}

// Replays `response` once per way of cutting its body in two (every byte offset) and once
// byte by byte, requiring every run to produce the same events and error; returns that run.
inline ChatRun anthropic_chat_at_every_split(const CannedResponse& response,
                                             std::string_view request_json = anthropic_user_request()) {
    std::optional<ChatRun> first;
    for (size_t cut = 0; cut <= response.body.size() + 1; ++cut) {
        CannedResponse r = response;
        if (cut <= response.body.size())
            r.cuts = {cut};
        else
            r.byte_by_byte = true;
        ChatRun run = anthropic_exchange(std::move(r), request_json).first;
        if (!first) {
            first = std::move(run);
            continue;
        }
        const auto got = run.transcript(), expected = first->transcript();
        BOOST_TEST_INFO("body cut " << (cut <= response.body.size() ? "at byte " + std::to_string(cut)
                                                                    : std::string("byte by byte")));
        BOOST_REQUIRE_EQUAL_COLLECTIONS(got.begin(), got.end(), expected.begin(), expected.end());
    }
    return *first;
}

// A checked-in document from tests/expected/anthropic/.
inline std::string anthropic_expected_text(const std::string& name) {
    const std::string path = std::string(LLMHOST_TEST_SOURCE_DIR) + "/tests/expected/anthropic/" + name;
    std::ifstream in(path, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in, "cannot read " << path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

inline boost::json::value anthropic_expected_json(const std::string& name) {
    return boost::json::parse(anthropic_expected_text(name));
}

} // namespace llmhost::testing
