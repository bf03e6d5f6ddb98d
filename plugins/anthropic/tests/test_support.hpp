// Helpers for the anthropic plugin's unit tests: the plugin called through its C table, as
// the host calls it, with a fake host that replays canned HTTP responses.
#pragma once

#include "unit/expected_files.hpp"
#include "unit/fake_host_services.hpp"
#include "unit/plugin_chat_support.hpp"

#include "plugins/anthropic/anthropic_provider.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

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

inline ChatOutcome run_anthropic_chat(FakeHost& fake, const AbiProvider& provider, std::string_view request_json,
                                      std::string_view api_key = "sk-ant-test-key") {
    return chat_through_table(fake, provider, request_json, api_key);
}

// One chat call against `response`; the run and the request the "server" saw.
inline std::pair<ChatOutcome, SeenRequest> anthropic_exchange(CannedResponse response,
                                                              std::string_view request_json = anthropic_user_request(),
                                                              const std::string& config_json = anthropic_config(),
                                                              std::string_view api_key = "sk-ant-test-key") {
    FakeHost fake;
    AbiProvider provider(anthropic_table(), fake, "anthropic", config_json);
    fake.responses.push_back(std::move(response));
    ChatOutcome run = run_anthropic_chat(fake, provider, request_json, api_key);
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 1u);
    return {std::move(run), fake.requests.front()};
}

// Replays `response` whole and cut at every byte offset; every run must agree (see
// same_outcome_at_every_split).
inline ChatOutcome anthropic_chat_at_every_split(const CannedResponse& response,
                                                 std::string_view request_json = anthropic_user_request()) {
    return same_outcome_at_every_split(
        response, [&](CannedResponse r) { return anthropic_exchange(std::move(r), request_json).first; });
}

// A checked-in document from tests/expected/anthropic/.
inline std::string anthropic_expected_text(const std::string& name) { return expected_text("anthropic", name); }

inline boost::json::value anthropic_expected_json(const std::string& name) { return expected_json("anthropic", name); }

} // namespace llmhost::testing
