// Reading request targets: query parameters.
#include "core/gateway/http/http_exchange.hpp"

#include "core/transport/url.hpp"

namespace llmhost::gateway {

std::optional<std::string> query_param(std::string_view query, std::string_view name) {
    using transport::percent_decode;
    while (!query.empty()) {
        const size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const size_t eq = pair.find('=');
        if (percent_decode(pair.substr(0, eq), true) == name)
            return eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1), true);
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return std::nullopt;
}

} // namespace llmhost::gateway
