// One HTTP exchange of the login flows through the host's client, with the whole (small)
// response in memory.
#pragma once

#include "core/transport/http_client.hpp"

#include <llmhost/http.hpp>

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace llmhost::auth {

struct BufferedRequest {
    std::string_view method = "GET";
    std::string url;
    Headers headers;
    std::string body;
};

// Throws llmhost::Error (network, timeout, cancelled, an unusable URL) saying it happened
// while `activity` ("requesting a device code"). The body is capped: these answers are tiny.
HttpResponse fetch_buffered(transport::HttpClient& http, const BufferedRequest& request, std::string_view activity,
                            const std::function<bool()>& cancelled = {});

// application/x-www-form-urlencoded: name=value pairs joined with '&'.
std::string form_encode(std::initializer_list<std::pair<std::string_view, std::string_view>> fields);

} // namespace llmhost::auth
