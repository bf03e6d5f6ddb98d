#include "core/transport/connector.hpp"

#include "core/transport/resolver.hpp"
#include "core/transport/tls.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>

namespace llmhost::transport {

namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {

void connect_tcp(Connection& connection, const std::string& host, uint16_t port, const std::string& hop_name,
                 const Deadline& deadline, const CancelCheck& cancelled) {
    const auto endpoints = resolve_host(host, port, deadline, cancelled);
    const auto ec = connection.run(
        [&](auto done) { asio::async_connect(connection.tcp_socket(), endpoints, std::move(done)); }, deadline,
        cancelled, hop_name == connection.peer() ? "connecting to" : "connecting to " + hop_name + " for");
    if (ec) throw_network("cannot connect to " + hop_name + ": " + ec.message());
    boost::system::error_code ignored;
    connection.tcp_socket().set_option(asio::ip::tcp::no_delay(true), ignored); // requests are small writes
}

// Asks the proxy for a raw tunnel to the target; TLS then runs end to end through it.
void open_tunnel(Connection& connection, const Url& target, const ProxyServer& proxy, const Deadline& deadline,
                 const CancelCheck& cancelled) {
    const std::string proxy_name = "proxy " + proxy.host_port();
    std::string request = "CONNECT " + target.host_port() + " HTTP/1.1\r\nHost: " + target.host_port() + "\r\n";
    if (!proxy.authorization.empty()) request += "Proxy-Authorization: " + proxy.authorization + "\r\n";
    request += "\r\n";
    auto& socket = connection.tcp_socket();
    auto ec = connection.run([&](auto done) { asio::async_write(socket, asio::buffer(request), std::move(done)); },
                             deadline, cancelled, "sending CONNECT to " + proxy_name + " for");
    if (ec) throw_network("cannot send CONNECT to " + proxy_name + ": " + ec.message());

    http::response_parser<http::empty_body> response;
    ec = connection.run(
        [&](auto done) { http::async_read_header(socket, connection.read_buffer(), response, std::move(done)); },
        deadline, cancelled, "waiting for " + proxy_name + " to CONNECT to");
    if (ec) throw_network(proxy_name + " failed during CONNECT to " + target.host_port() + ": " + ec.message());
    const auto& head = response.get();
    if (head.result_int() / 100 != 2)
        throw_network(proxy_name + " refused CONNECT to " + target.host_port() + ": " +
                      std::to_string(head.result_int()) + " " + std::string(head.reason()));
    if (connection.read_buffer().size() != 0)
        throw_network(proxy_name + " sent unexpected data after its CONNECT response");
}

void handshake(Connection& connection, const Url& target, asio::ssl::context& tls, const Deadline& deadline,
               const CancelCheck& cancelled) {
    connection.start_tls(tls);
    auto& stream = connection.tls_stream();
    prepare_tls_stream(stream, target);
    const auto ec =
        connection.run([&](auto done) { stream.async_handshake(asio::ssl::stream_base::client, std::move(done)); },
                       deadline, cancelled, "in the TLS handshake with");
    if (ec) throw_network("TLS handshake with " + target.host_port() + " failed: " + describe_tls_error(ec, stream));
}

} // namespace

std::unique_ptr<Connection> open_connection(const Url& target, const ProxyServer* proxy, asio::ssl::context* tls,
                                            asio::io_context* loop, const Deadline& deadline,
                                            const CancelCheck& cancelled) {
    auto connection = std::make_unique<Connection>(target.host_port(), loop);
    if (proxy)
        connect_tcp(*connection, proxy->host, proxy->port, "proxy " + proxy->host_port(), deadline, cancelled);
    else
        connect_tcp(*connection, target.host, target.port, target.host_port(), deadline, cancelled);
    if (target.is_https()) {
        if (proxy) open_tunnel(*connection, target, *proxy, deadline, cancelled);
        handshake(*connection, target, *tls, deadline, cancelled);
    }
    return connection;
}

} // namespace llmhost::transport
