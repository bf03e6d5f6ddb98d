#include "core/gateway/loop_guard.hpp"

#include "core/transport/hop_marker.hpp"

namespace llmhost::gateway {

std::string loop_problem(std::string_view hops) {
    const std::string_view self = transport::this_instance_hop_id();
    size_t count = 0;
    while (!hops.empty()) {
        const size_t comma = hops.find(',');
        std::string_view hop = hops.substr(0, comma);
        hops = comma == std::string_view::npos ? std::string_view() : hops.substr(comma + 1);
        while (!hop.empty() && hop.front() == ' ')
            hop.remove_prefix(1);
        while (!hop.empty() && hop.back() == ' ')
            hop.remove_suffix(1);
        if (hop.empty()) continue;
        if (hop == self)
            return "this request came from this gateway itself: the base_url of the provider serving it points "
                   "back at this gateway; change that provider's base_url, or the address the gateway listens on "
                   "([server] listen or --listen)";
        if (++count >= max_llmhost_hops)
            return "this request has passed through " + std::to_string(max_llmhost_hops) +
                   " or more llmhost gateways already: providers' base_urls send requests around in a loop; check "
                   "the base_url of the providers of each gateway";
    }
    return {};
}

bool refuse_looped_request(GatewayCore& core, HttpExchange& exchange, AccessRecord& record) {
    const std::string_view hops = exchange.header(transport::hop_header);
    if (hops.empty()) return false; // the usual case: one header lookup
    std::string problem = loop_problem(hops);
    if (problem.empty()) return false;
    constexpr int loop_detected = 508;
    const Face& face = core.face_claiming(exchange);
    core.metrics.error("loop_detected");
    std::string body = face.render_error({ErrorKind::internal, std::move(problem), {}, "loop_detected", -1});
    finish_request(core, exchange, record, loop_detected);
    exchange.respond(loop_detected, "application/json", std::move(body));
    return true;
}

} // namespace llmhost::gateway
