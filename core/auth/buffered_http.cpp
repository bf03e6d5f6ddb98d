#include "core/auth/buffered_http.hpp"

#include <llmhost/error.hpp>

#include <chrono>
#include <vector>

namespace llmhost::auth {

namespace {
constexpr size_t max_body = 256 * 1024;
constexpr std::chrono::milliseconds exchange_timeout{30'000};
} // namespace

HttpResponse fetch_buffered(transport::HttpClient& http, const BufferedRequest& request, std::string_view activity,
                            const std::function<bool()>& cancelled) {
    std::vector<transport::HeaderView> headers;
    for (const auto& [name, value] : request.headers)
        headers.emplace_back(name, value);
    transport::Request wire;
    wire.method = request.method;
    wire.url = request.url;
    wire.headers = headers;
    wire.body = request.body;
    wire.total_timeout = exchange_timeout;

    HttpResponse response;
    bool too_big = false;
    transport::ResponseHandler handler;
    handler.on_head = [&](int status, std::span<const transport::HeaderView> head) {
        response.head.status = status;
        for (const auto& [name, value] : head)
            response.head.headers.emplace_back(name, value);
        return true;
    };
    handler.on_body = [&](std::string_view chunk) {
        if (response.body.size() + chunk.size() > max_body) {
            too_big = true;
            return false;
        }
        response.body.append(chunk);
        return true;
    };
    const transport::Result result = http.send(wire, handler, cancelled);
    if (too_big)
        throw Error(LLMH_ERR_MALFORMED_RESPONSE, "the answer to " + std::string(activity) + " is implausibly large");
    if (!result.ok()) throw Error(result.error, result.message + " (while " + std::string(activity) + ")");
    return response;
}

std::string form_encode(std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
    std::string out;
    for (const auto& [name, value] : fields) {
        if (!out.empty()) out.push_back('&');
        out += url_encode(name) + "=" + url_encode(value);
    }
    return out;
}

} // namespace llmhost::auth
