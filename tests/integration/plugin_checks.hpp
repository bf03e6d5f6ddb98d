// The checks the integration tests of the bundled plugins make alike: the metadata a plugin
// embeds, the reply a streamed tool call adds up to, and how a plugin fails on each row of
// an error-mapping table and on streams cut short.
#pragma once

#include "integration/plugin_harness.hpp"

#include <llmhost/chat.hpp>

#include <boost/test/unit_test.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace llmhost::testing {

// The metadata of the built plugin `name`, read from the file without loading it.
inline plugins::PluginMetadata built_plugin_metadata(std::string_view name) {
    const auto file = plugins::inspect_plugin_file(built_plugin_path(name));
    BOOST_REQUIRE_MESSAGE(file.status == plugins::PluginStatus::ok, file.error);
    BOOST_REQUIRE(file.metadata);
    BOOST_TEST(file.metadata->name == name);
    return *file.metadata;
}

// The one provider the built plugin `name` serves, which bears the plugin's name.
inline plugins::ProviderMetadata sole_provider_metadata(std::string_view name) {
    const auto metadata = built_plugin_metadata(name);
    BOOST_REQUIRE_EQUAL(metadata.providers.size(), 1u);
    BOOST_TEST(metadata.providers.front().id == name);
    return metadata.providers.front();
}

// A reply that ends calling one tool.
inline void check_sole_tool_call(const ChatResponse& response, std::string_view id, std::string_view name,
                                 std::string_view arguments) {
    BOOST_REQUIRE_EQUAL(response.tool_calls.size(), 1u);
    BOOST_TEST(response.tool_calls[0].id == id);
    BOOST_TEST(response.tool_calls[0].name == name);
    BOOST_TEST(response.tool_calls[0].arguments == arguments);
    BOOST_TEST(response.finish_reason == LLMH_FINISH_TOOL_CALLS);
}

// The one request `upstream` received, checked to be `method` `target`.
inline RecordedRequest sole_request(const MockUpstream& upstream, std::string_view method, std::string_view target) {
    const auto requests = upstream.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 1u);
    BOOST_TEST(requests[0].method == method);
    BOOST_TEST(requests[0].target == target);
    return requests[0];
}

// The plugin's provider instance, talking to `upstream`.
using ProviderFactory = std::function<std::unique_ptr<plugins::ProviderInstance>(const MockUpstream& upstream)>;

// Each row of an error-mapping table answered by a fresh upstream, to a streamed and a whole
// request sent with `api_key`: the plugin reports the row's class, HTTP status and retry
// delay, emits no events, and keeps the key out of its message.
inline void check_error_table(const std::vector<HttpErrorCase>& cases, const ProviderFactory& provider_for,
                              const std::string& streamed_request, const std::string& whole_request,
                              std::string_view api_key) {
    for (const auto& c : cases) {
        MockUpstream upstream([&](const RecordedRequest&) { return error_reply(c); });
        auto provider = provider_for(upstream);
        for (const bool streamed : {true, false}) {
            ChatResult result;
            run_plugin_chat(*provider, streamed ? streamed_request : whole_request, result, with_api_key(api_key));
            BOOST_TEST_CONTEXT("HTTP " << c.status << " " << c.body << (streamed ? " streamed" : "")) {
                BOOST_REQUIRE(result.error);
                BOOST_TEST(error_class_name(result.error->error_class()) == error_class_name(c.expected));
                BOOST_TEST(result.error->http_status() == c.status);
                BOOST_TEST(result.error->retry_after_ms() == c.retry_after_ms);
                BOOST_TEST(std::string(result.error->what()).find(api_key) == std::string::npos);
                BOOST_TEST(result.events.events.empty());
            }
        }
    }
}

// `reply`, a stream whose events carry "Hel" and "lo" and that stops short of its end: the
// plugin keeps the text it got and fails as malformed, saying `why`.
inline void check_stream_stopping_short(const ScriptedResponse& reply, const ProviderFactory& provider_for,
                                        const std::string& request, std::string_view api_key, std::string_view why) {
    MockUpstream upstream([&](const RecordedRequest&) { return reply; });
    auto provider = provider_for(upstream);
    ChatResult result;
    run_plugin_chat(*provider, request, result, with_api_key(api_key));
    BOOST_REQUIRE(result.error);
    BOOST_TEST(result.error->error_class() == LLMH_ERR_MALFORMED_RESPONSE);
    BOOST_TEST(std::string(result.error->what()).find(why) != std::string::npos, result.error->what());
    BOOST_TEST(result.events.response().text == "Hello");
}

// The same for `hello` cut off mid-chunked-body, and short of its Content-Length.
inline void check_truncated_streams(const ScriptedResponse& hello, const ProviderFactory& provider_for,
                                    const std::string& request, std::string_view api_key, std::string_view why) {
    for (const bool chunked : {true, false}) {
        auto cut = hello;
        cut.chunked = chunked;
        cut.close_after_chunks = true;
        cut.declared_body_size = chunked ? 0 : 100000;
        BOOST_TEST_CONTEXT((chunked ? "chunked" : "content-length")) {
            check_stream_stopping_short(cut, provider_for, request, api_key, why);
        }
    }
}

} // namespace llmhost::testing
