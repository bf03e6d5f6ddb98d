// Serialises a Request into the HTTP/1.1 bytes sent upstream.
#pragma once

#include "core/transport/http_client.hpp"
#include "core/transport/proxy.hpp"
#include "core/transport/url.hpp"

#include <string>
#include <string_view>

namespace llmhost::transport {

struct WireRequest {
    std::string head;              // request line and header block, ending with the blank line
    std::string_view body;         // borrowed from the Request
    bool asks_to_close = false;    // the caller sent "Connection: close"
    bool response_has_body = true; // false for HEAD
};

// Origin-form target, or absolute-form (with Proxy-Authorization) when `forward_proxy` carries
// a plain-http request. Host is added unless given; Content-Length is always the transport's.
// Throws std::invalid_argument for a method or header that would corrupt the framing (the
// message names the header, never its value).
WireRequest make_wire_request(const Request& request, const Url& target, const ProxyServer* forward_proxy);

} // namespace llmhost::transport
