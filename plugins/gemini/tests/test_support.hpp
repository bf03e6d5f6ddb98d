// Helpers for the gemini plugin's unit tests: the plugin called through its C table, exactly
// as the host calls it, with a fake host that replays canned HTTP; and its goldens in
// tests/expected/gemini/.
#pragma once

#include "unit/expected_files.hpp"
#include "unit/fake_host_services.hpp"
#include "unit/openai_test_support.hpp" // user_request
#include "unit/plugin_chat_support.hpp"

#include "plugins/gemini/gemini_provider.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace llmhost::testing {

inline const llmh_plugin& gemini_table() {
    return *plugin_detail::Adapter<&gemini_plugin::make_provider>::table("gemini", "test");
}

// Looks like a Google key; tests check it never leaves the x-goog-api-key header.
inline constexpr std::string_view gemini_key = "AIzaSyTEST-SECRET-0123456789";
inline const std::string gemini_base = "https://generativelanguage.example.test/v1beta";

inline std::string gemini_config(boost::json::object options = {}, std::string base_url = gemini_base,
                                 boost::json::object query_params = {}, boost::json::object http_headers = {}) {
    return provider_config("gemini", base_url, "gemini-2.5-flash", std::move(options), std::move(http_headers),
                           std::move(query_params));
}

// A canonical request with one user message, as JSON.
inline std::string gemini_user_request(std::string text = "hi", bool stream = true, std::string model = "") {
    return canonical_json(user_request(std::move(text), stream, std::move(model)));
}

// One chat call through the plugin against the canned responses queued on `fake`.
inline ChatOutcome gemini_chat(FakeHost& fake, std::string_view request_json,
                               const std::string& config = gemini_config(), std::string_view api_key = gemini_key) {
    AbiProvider provider(gemini_table(), fake, "gemini", config);
    return chat_through_table(fake, provider, request_json, api_key);
}

// Replays `response` whole and cut at every byte offset; every run must agree (see
// same_outcome_at_every_split).
inline ChatOutcome gemini_chat_at_every_split(const CannedResponse& response,
                                              const std::string& request_json = gemini_user_request()) {
    return same_outcome_at_every_split(response, [&](CannedResponse r) {
        FakeHost fake;
        fake.responses.push_back(std::move(r));
        return gemini_chat(fake, request_json);
    });
}

inline boost::json::value gemini_golden(const std::string& name) { return expected_json("gemini", name); }

inline void check_json_equal(const boost::json::value& actual, const boost::json::value& expected) {
    BOOST_TEST(actual == expected,
               "got:      " << boost::json::serialize(actual) << "\nexpected: " << boost::json::serialize(expected));
}

// The text of an optional error, for messages.
inline std::string what(const std::optional<Error>& e) { return e ? e->what() : "no error"; }

} // namespace llmhost::testing
