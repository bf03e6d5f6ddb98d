// HttpClient: picks the route (direct or proxy), takes a pooled connection or opens one, runs
// the exchange on the calling thread and parks the connection again when it can be reused.
#include "core/transport/http_client.hpp"

#include "core/transport/connection_pool.hpp"
#include "core/transport/connector.hpp"
#include "core/transport/exchange.hpp"
#include "core/transport/proxy.hpp"
#include "core/transport/tls.hpp"
#include "core/transport/url.hpp"
#include "core/transport/wire_request.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace llmhost::transport {

namespace asio = boost::asio;

namespace {

std::chrono::milliseconds or_default(std::chrono::milliseconds value, std::chrono::milliseconds fallback) {
    return value.count() > 0 ? value : fallback;
}

// Connections are interchangeable only when they lead to the same place the same way, and
// are driven the same way (by a plain thread, or by the fibers of one event loop).
std::string pool_key(const Url& target, const std::optional<ProxyServer>& proxy, const asio::io_context* loop) {
    std::string key = target.scheme + "://" + target.host_port();
    if (proxy) key += " via " + proxy->host_port() + " " + proxy->authorization;
    if (loop) key += " on loop " + std::to_string(reinterpret_cast<uintptr_t>(loop));
    return key;
}

} // namespace

struct HttpClient::Impl {
    static inline std::atomic<uint64_t> next_id{1};
    const uint64_t id = next_id++; // tells clients apart in the per-thread route cache
    ClientOptions options;
    ProxySettings proxy_settings;
    ConnectionPool pool;
    std::atomic<size_t> opened{0};
    std::mutex tls_mutex;
    std::unique_ptr<boost::asio::ssl::context> tls; // made on first https use

    explicit Impl(ClientOptions o)
        : options(std::move(o)), proxy_settings(options.proxy ? *options.proxy : ProxySettings::from_environment()),
          pool(options.max_idle_connections_per_host, options.max_idle_age) {}

    boost::asio::ssl::context& tls_context() {
        std::lock_guard lock(tls_mutex);
        if (!tls) tls = make_client_tls_context(options.extra_ca_file);
        return *tls;
    }

    std::optional<ProxyServer> proxy_for(const Url& target) const {
        try {
            return select_proxy(proxy_settings, target);
        } catch (const std::invalid_argument& e) {
            throw Error(LLMH_ERR_INVALID_CONFIG, std::string("invalid ") + (target.is_https() ? "https" : "http") +
                                                     " proxy setting: " + e.what());
        }
    }

    // Where a URL leads for this client, from the thread that asks. A provider sends request
    // after request to the same URL, so the last route is kept per thread (the key names the
    // client too, as clients come and go). Shared, not borrowed: a fiber that waits in an
    // exchange must not see its route replaced by another fiber's.
    struct Route {
        uint64_t client = 0;
        std::string url;
        asio::io_context* loop = nullptr;
        Url target;
        std::optional<ProxyServer> proxy;
        std::string pool_key;
    };

    std::shared_ptr<const Route> route_for(std::string_view url, asio::io_context* loop) {
        thread_local std::shared_ptr<const Route> last;
        if (last && last->client == id && last->loop == loop && last->url == url) return last;
        auto route = std::make_shared<Route>();
        try {
            route->target = parse_url(url);
        } catch (const std::invalid_argument& e) {
            throw Error(LLMH_ERR_BAD_REQUEST, e.what());
        }
        route->proxy = proxy_for(route->target);
        route->pool_key = pool_key(route->target, route->proxy, loop);
        route->client = id;
        route->url = url;
        route->loop = loop;
        return last = std::move(route);
    }

    void exchange(const Request& request, const ResponseHandler& handler, const CancelCheck& cancelled) {
        asio::io_context* loop = fiber::in_fiber() ? &fiber::current_io() : nullptr;
        const std::shared_ptr<const Route> route = route_for(request.url, loop);
        const Url& target = route->target;
        const std::optional<ProxyServer>& proxy = route->proxy;
        WireRequest wire;
        try {
            wire = make_wire_request(request, target, proxy && !target.is_https() ? &*proxy : nullptr);
        } catch (const std::invalid_argument& e) {
            throw Error(LLMH_ERR_BAD_REQUEST, e.what());
        }
        if (cancelled && cancelled()) throw_cancelled(target.host_port());

        const ExchangeLimits limits{Deadline::after("total", or_default(request.total_timeout, options.total_timeout)),
                                    or_default(request.idle_timeout, options.idle_timeout), request.limits};
        const std::string& key = route->pool_key;
        for (bool fresh_only = false;; fresh_only = true) {
            std::unique_ptr<Connection> connection = fresh_only ? nullptr : pool.take(key);
            const bool reused = connection != nullptr;
            if (!connection) connection = connect(target, proxy, loop, limits.total, cancelled);
            bool response_started = false;
            try {
                const bool reusable = run_exchange(*connection, wire, handler, limits, cancelled, response_started);
                if (!options.loops_run_until_stopped) connection->stop_waiting();
                if (reusable) pool.park(key, std::move(connection));
                return;
            } catch (const Error& e) {
                // A pooled connection the server closed while idle: the request never got an
                // answer, so it is retried once on a fresh connection.
                if (reused && !response_started && e.error_class() == LLMH_ERR_NETWORK) continue;
                throw;
            }
        }
    }

    std::unique_ptr<Connection> connect(const Url& target, const std::optional<ProxyServer>& proxy,
                                        asio::io_context* loop, const Deadline& total, const CancelCheck& cancelled) {
        const Deadline deadline = earliest(total, Deadline::after("connect", options.connect_timeout));
        auto connection = open_connection(target, proxy ? &*proxy : nullptr,
                                          target.is_https() ? &tls_context() : nullptr, loop, deadline, cancelled);
        ++opened;
        return connection;
    }
};

HttpClient::HttpClient(ClientOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

HttpClient::~HttpClient() = default;

Result HttpClient::send(const Request& request, const ResponseHandler& handler,
                        const std::function<bool()>& cancelled) {
    try {
        impl_->exchange(request, handler, cancelled);
        return {};
    } catch (const Error& e) {
        return {e.error_class(), e.what()};
    }
}

size_t HttpClient::connections_opened() const { return impl_->opened.load(); }

} // namespace llmhost::transport
