#include "core/gateway/gateway_settings.hpp"

#include "core/gateway/request_guard.hpp"

#include <boost/asio/ip/address.hpp>

#include <charconv>

namespace llmhost::gateway {

bool ListenAddress::loopback() const {
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(host, ec);
    return !ec && address.is_loopback();
}

std::string ListenAddress::url() const {
    const bool v6 = host.find(':') != std::string::npos;
    return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

ListenAddress parse_listen_address(const std::string& text, const std::string& what) {
    auto fail = [&](const std::string& why) -> ListenAddress {
        throw config::ConfigError(what + ": '" + text + "' " + why + " (expected HOST:PORT, e.g. 127.0.0.1:8399)");
    };
    const auto colon = text.rfind(':');
    if (colon == std::string::npos) return fail("has no port");
    std::string host = text.substr(0, colon);
    const std::string port_text = text.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host.empty()) host = "127.0.0.1";
    if (host == "localhost") host = "127.0.0.1";
    unsigned port = 0;
    const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535)
        return fail("has no valid port");
    boost::system::error_code address_error;
    boost::asio::ip::make_address(host, address_error);
    if (address_error) return fail("is not an IP address (host names other than localhost are not resolved)");
    return ListenAddress{host, static_cast<uint16_t>(port)};
}

GatewaySettings gateway_settings(const config::Config& config, const std::string& listen_flag) {
    GatewaySettings s;
    const auto& server = config.server;
    s.listen = listen_flag.empty() ? parse_listen_address(server.listen, "[server] listen")
                                   : parse_listen_address(listen_flag, "--listen");
    for (const auto& key : server.api_keys) {
        std::string value = config::interpolate(key, "server.api_keys");
        // An empty key would silently open the server to everyone: refuse to start instead.
        if (value.empty()) throw config::ConfigError("server.api_keys: an entry is empty ('" + key + "')");
        s.api_keys.push_back(std::move(value));
    }
    if (server.max_body_bytes) s.max_body_bytes = *server.max_body_bytes;
    if (server.max_pending_body_bytes) s.max_pending_body_bytes = *server.max_pending_body_bytes;
    for (const auto& host : server.allowed_hosts)
        if (host.empty()) throw config::ConfigError("server.allowed_hosts: an entry is empty");
    s.allowed_hosts = server.allowed_hosts;
    for (const auto& origin : server.cors_origins)
        if (const std::string problem = cors_origin_problem(origin); !problem.empty())
            throw config::ConfigError("server.cors_origins: '" + origin + "' " + problem);
    s.cors_origins = server.cors_origins;
    if (server.header_timeout_ms) s.header_timeout = std::chrono::milliseconds(*server.header_timeout_ms);
    if (server.idle_timeout_ms) s.idle_timeout = std::chrono::milliseconds(*server.idle_timeout_ms);
    if (server.shutdown_timeout_ms) s.shutdown_timeout = std::chrono::milliseconds(*server.shutdown_timeout_ms);
    if (server.responses_store_entries)
        s.responses_store_entries = static_cast<size_t>(*server.responses_store_entries);
    if (server.responses_store_ttl_ms)
        s.responses_store_ttl = std::chrono::milliseconds(*server.responses_store_ttl_ms);
    return s;
}

std::vector<std::string> settings_needing_restart(const GatewaySettings& running, const GatewaySettings& reloaded) {
    std::vector<std::string> changed;
    auto compare = [&](const char* key, const auto& a, const auto& b) {
        if (!(a == b)) changed.emplace_back(key);
    };
    compare("listen", running.listen.url(), reloaded.listen.url());
    compare("max_body_bytes", running.max_body_bytes, reloaded.max_body_bytes);
    compare("max_pending_body_bytes", running.max_pending_body_bytes, reloaded.max_pending_body_bytes);
    compare("allowed_hosts", running.allowed_hosts, reloaded.allowed_hosts);
    compare("cors_origins", running.cors_origins, reloaded.cors_origins);
    compare("header_timeout_ms", running.header_timeout, reloaded.header_timeout);
    compare("idle_timeout_ms", running.idle_timeout, reloaded.idle_timeout);
    compare("shutdown_timeout_ms", running.shutdown_timeout, reloaded.shutdown_timeout);
    compare("responses_store_entries", running.responses_store_entries, reloaded.responses_store_entries);
    compare("responses_store_ttl_ms", running.responses_store_ttl, reloaded.responses_store_ttl);
    return changed;
}

} // namespace llmhost::gateway
