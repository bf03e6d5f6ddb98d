// A provider's configuration JSON as the host builds it for a plugin's create(), for the
// tests that call plugins through the fake host (unit) or the real loader (integration).
#pragma once

#include <boost/json.hpp>

#include <string>
#include <string_view>

namespace llmhost::testing {

inline std::string provider_config(std::string_view id, std::string_view base_url, std::string_view default_model = {},
                                   boost::json::object options = {}, boost::json::object http_headers = {},
                                   boost::json::object query_params = {}) {
    return boost::json::serialize(boost::json::object{{"id", id},
                                                      {"base_url", base_url},
                                                      {"default_model", default_model},
                                                      {"http_headers", std::move(http_headers)},
                                                      {"query_params", std::move(query_params)},
                                                      {"timeout_ms", 0},
                                                      {"stream_idle_timeout_ms", 0},
                                                      {"options", std::move(options)}});
}

} // namespace llmhost::testing
