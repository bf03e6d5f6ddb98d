// Helpers shared by the transport integration tests: a response collector and a client that
// ignores the environment's proxy settings.
#pragma once

#include "core/transport/http_client.hpp"

#include <llmhost/http.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace transport_test {

using Clock = std::chrono::steady_clock;
namespace transport = llmhost::transport;

inline long ms_between(Clock::time_point a, Clock::time_point b) {
    return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count());
}

inline long ms_since(Clock::time_point start) { return ms_between(start, Clock::now()); }

// Options for a client that talks directly to 127.0.0.1 whatever http_proxy says.
inline transport::ClientOptions direct_options() {
    transport::ClientOptions options;
    options.proxy = transport::ProxySettings{};
    return options;
}

// What a handler saw, with the arrival time of each body piece.
struct Collected {
    int status = 0;
    llmhost::Headers headers;
    std::string body;
    std::vector<std::pair<Clock::time_point, std::string>> pieces;
    bool stop_after_head = false;
    size_t stop_after_pieces = 0; // 0: never

    transport::ResponseHandler handler() {
        transport::ResponseHandler h;
        h.on_head = [this](int s, std::span<const transport::HeaderView> hs) {
            status = s;
            for (const auto& [name, value] : hs)
                headers.emplace_back(std::string(name), std::string(value));
            return !stop_after_head;
        };
        h.on_body = [this](std::string_view chunk) {
            body.append(chunk);
            pieces.emplace_back(Clock::now(), std::string(chunk));
            return stop_after_pieces == 0 || pieces.size() < stop_after_pieces;
        };
        return h;
    }

    std::string_view header(std::string_view name) const { return llmhost::find_header(headers, name); }
};

inline transport::Result fetch(transport::HttpClient& client, const std::string& url, Collected& out,
                               transport::Request request = {}, const std::function<bool()>& cancelled = {}) {
    request.url = url;
    return client.send(request, out.handler(), cancelled);
}

} // namespace transport_test
