// Helpers for the ollama plugin's unit tests: the plugin's C table, as the host calls it with
// the fake host, and the configuration the tests create it with.
#pragma once

#include "unit/fake_host_services.hpp"

#include "plugins/ollama/ollama_provider.hpp"

#include <boost/json.hpp>

#include <string>

namespace llmhost::testing {

inline const llmh_plugin& ollama_table() {
    return *plugin_detail::Adapter<&ollama_plugin::make_provider>::table("ollama", "test");
}

// Config JSON for the `ollama` id, at a test host.
inline std::string ollama_config(boost::json::object options = {}, boost::json::object http_headers = {},
                                 boost::json::object query_params = {}) {
    return provider_config("ollama", "http://ollama.test:11434", "llama3.2", std::move(options),
                           std::move(http_headers), std::move(query_params));
}

} // namespace llmhost::testing
