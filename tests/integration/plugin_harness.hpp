// What the integration tests of the bundled plugins share: a built plugin loaded by the host's
// loader, talking through the host's HTTP client to an in-process upstream, and a chat call
// that records its events.
#pragma once

#include "support/http_error_case.hpp"
#include "support/mock_upstream.hpp"
#include "support/provider_config.hpp"
#include "unit/event_recorder.hpp"

#include "core/plugins/discovery.hpp"
#include "core/plugins/host_services.hpp"
#include "core/plugins/plugin_loader.hpp"
#include "core/transport/http_client.hpp"

#include <llmhost/error.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace llmhost::testing {

// One client and one services table for the process, as the host has (plugins are never
// unloaded and keep a reference to the services).
inline plugins::HostServices& plugin_host_services() {
    using namespace std::chrono_literals;
    static transport::HttpClient http([] {
        transport::ClientOptions options;
        options.proxy = transport::ProxySettings{}; // straight to 127.0.0.1 whatever the environment says
        options.total_timeout = 20s;
        options.idle_timeout = 10s;
        return options;
    }());
    static plugins::HostServices services(http);
    return services;
}

// Where the build puts the plugin `name` (llmhost-<name>.so).
inline std::string built_plugin_path(std::string_view name) {
    return std::string(LLMHOST_TEST_PLUGIN_DIR) + "/llmhost-" + std::string(name) + ".so";
}

// The built plugin `name`, inspected and loaded as the host does.
inline const plugins::LoadedPlugin& built_plugin(std::string_view name) {
    const auto file = plugins::inspect_plugin_file(built_plugin_path(name));
    BOOST_REQUIRE_MESSAGE(file.status == plugins::PluginStatus::ok, file.error);
    return plugins::load_plugin(file, plugin_host_services());
}

inline plugins::CallOptions with_api_key(std::string_view api_key) {
    plugins::CallOptions options;
    options.api_key = api_key;
    return options;
}

// One chat call; its events go to `events`, and its error, if it fails, is returned.
inline std::optional<Error> run_plugin_chat(plugins::ProviderInstance& provider, const std::string& request_json,
                                            EventRecorder& events, const plugins::CallOptions& options = {}) {
    try {
        provider.chat(request_json, options, [&](const llmh_event& e) { return events.record(e); });
    } catch (const Error& e) {
        return e;
    }
    return std::nullopt;
}

struct ChatResult {
    EventRecorder events;
    std::optional<Error> error;
};

// The same, kept in `result` (a call that succeeds leaves an earlier error in place).
inline void run_plugin_chat(plugins::ProviderInstance& provider, const std::string& request_json, ChatResult& result,
                            const plugins::CallOptions& options) {
    if (auto error = run_plugin_chat(provider, request_json, result.events, options)) result.error = std::move(error);
}

// What an upstream answers for a row of an error-mapping table.
inline ScriptedResponse error_reply(const HttpErrorCase& c) {
    auto r = ScriptedResponse::json(c.status, c.body);
    for (const auto& h : c.headers)
        r.headers.push_back(h);
    return r;
}

} // namespace llmhost::testing
