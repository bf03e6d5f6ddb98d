// The host's HTTP/1.1 client: Boost.Beast over TCP or OpenSSL TLS, with a keep-alive pool per
// host, proxies, timeouts, incremental body delivery and cancellation. Plugins reach it
// through the llmh_host_services table; the host's own code may use it directly.
#pragma once

#include "core/transport/response_bounds.hpp"

#include <llmhost/provider_abi.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace llmhost::transport {

using HeaderView = std::pair<std::string_view, std::string_view>;

struct ProxySettings {
    std::string http_proxy;  // proxy URL for http:// targets ("" = direct)
    std::string https_proxy; // proxy URL for https:// targets, tunnelled with CONNECT
    std::string no_proxy;    // comma-separated hosts / domain suffixes / "*"

    // From HTTP_PROXY / HTTPS_PROXY / NO_PROXY (lower-case names win, as curl does).
    static ProxySettings from_environment();
};

struct ClientOptions {
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds total_timeout{600'000};
    std::chrono::milliseconds idle_timeout{300'000};
    size_t max_idle_connections_per_host = 16;
    std::chrono::milliseconds max_idle_age{60'000}; // pooled connections older than this are closed
    std::optional<ProxySettings> proxy;             // nullopt: from_environment()
    std::string extra_ca_file;                      // trusted in addition to the system store ("" = none)
    // The fiber event loops this client runs on are stopped explicitly rather than run until
    // they run out of work (the gateway's): a pooled connection then keeps its deadline timer
    // armed between exchanges instead of cancelling and re-arming it for every request.
    bool loops_run_until_stopped = false;
};

struct Request {
    std::string_view method = "GET";
    std::string_view url; // absolute http:// or https://
    std::span<const HeaderView> headers;
    std::string_view body;
    std::chrono::milliseconds total_timeout{0}; // 0: the client's default
    std::chrono::milliseconds idle_timeout{0};  // 0: the client's default
    ResponseLimits limits;                      // how much of the response a reader may have to hold
};

// Called on the thread that called send(), before it returns. Returning false stops the
// exchange (send() then reports LLMH_ERR_CANCELLED). Views are valid only during the call.
struct ResponseHandler {
    std::function<bool(int status, std::span<const HeaderView> headers)> on_head;
    std::function<bool(std::string_view chunk)> on_body;
};

struct Result {
    // LLMH_OK, NETWORK, TIMEOUT or CANCELLED; BAD_REQUEST for an unusable URL, method or
    // header, INVALID_CONFIG for an unusable proxy setting, MALFORMED_RESPONSE for a response
    // past Request::limits.
    llmh_error_class error = LLMH_OK;
    std::string message; // says what failed and where (host:port); never secrets
    bool ok() const { return error == LLMH_OK; }
};

class HttpClient {
  public:
    explicit HttpClient(ClientOptions options = {});
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // One exchange. Thread-safe: many threads may send at once, each on its own connection.
    // `cancelled` is polled while waiting (every few ms); when it returns true the exchange
    // is abandoned within ~50 ms.
    Result send(const Request& request, const ResponseHandler& handler, const std::function<bool()>& cancelled = {});

    // Connections opened since construction (pool reuse is observable in tests).
    size_t connections_opened() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace llmhost::transport
