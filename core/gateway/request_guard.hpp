// Which browsers may use the gateway. Any web page can make its visitor's browser send
// requests to a gateway on their machine (a POST with Content-Type: text/plain needs no
// preflight), and with DNS rebinding — the page's own host name re-pointed at 127.0.0.1 —
// read the answers too. Two checks close that, as Ollama's do since its CVE:
//
// - Host must name the gateway: an IP address (a rebinding page is reached by a name, never
//   an address), localhost or *.localhost, or a name in [server] allowed_hosts, with or without
//   port ("*" there: any Host). A gateway listening on every interface (0.0.0.0, ::) with
//   api_keys set accepts any Host: the key protects it, and its clients may know it by any name.
// - A request carrying Origin (only browsers send it) must come from the gateway's own origin
//   or one listed in [server] cors_origins ("*": any). Allowed origins get CORS headers, and
//   their preflights (OPTIONS with Access-Control-Request-Method) are answered 204.
//
// Refusals are 403s whose message names the key to set. Clients that are not browsers send no
// Origin and the Host they were given, and are not affected.
#pragma once

#include "core/gateway/gateway_settings.hpp"
#include "core/gateway/http/http_exchange.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace llmhost::gateway {

struct GatewayCore;

class BrowserGuard {
  public:
    explicit BrowserGuard(const GatewaySettings& settings);

    // The Host and Origin checks; the CORS headers an allowed origin's responses carry.
    Admission admit(const HttpExchange& head) const;

    // A CORS preflight: OPTIONS asking whether a cross-origin request may be sent. It carries
    // no client key; once admitted it is answered 204 with the headers admit() gave it.
    static bool is_preflight(const HttpExchange& head);

  private:
    bool host_allowed(std::string_view host) const;
    bool origin_allowed(std::string_view origin, std::string_view host) const;

    bool any_host_;
    std::vector<std::string> allowed_hosts_;
    bool any_origin_;
    std::vector<std::string> cors_origins_;
};

// A [server] cors_origins entry's problem ("" when it is "*" or an origin such as
// "https://app.example.com" or "http://localhost:3000": scheme, host, optional port, no path).
std::string cors_origin_problem(std::string_view origin);

// What the server asks of every request's head (see HeadCheck): /healthz goes on always; then
// the browser checks; then the client key, from the headers of the face the path belongs to.
// Defined beside routing, in gateway_routes.cpp.
Admission admit_request(const GatewayCore& core, const BrowserGuard& browsers, const HttpExchange& head);

} // namespace llmhost::gateway
