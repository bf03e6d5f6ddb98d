// Small blocking socket servers for the transport tests where MockUpstream is too polite:
// RawServer runs a hand-written session per connection; TestProxy is a forward proxy
// (absolute-form requests) and CONNECT tunnel that records what it was asked.
#pragma once

#include "core/transport/url.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <poll.h>
#include <sys/socket.h>

#include <functional>
#include <list>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace transport_test {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

// Accepts on 127.0.0.1:0 and runs one thread per connection; the destructor shuts every
// socket down so that no session can keep the test waiting.
class SocketServer {
  public:
    using Session = std::function<void(tcp::socket&)>;

    explicit SocketServer(Session session) : session_(std::move(session)) {
        const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
        acceptor_.open(endpoint.protocol());
        acceptor_.bind(endpoint);
        acceptor_.listen();
        port_ = acceptor_.local_endpoint().port();
        accept_thread_ = std::thread([this] { accept_loop(); });
    }

    ~SocketServer() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
            ::shutdown(acceptor_.native_handle(), SHUT_RDWR);
            for (int fd : open_fds_)
                ::shutdown(fd, SHUT_RDWR);
        }
        accept_thread_.join();
        for (auto& t : sessions_)
            t.join();
    }

    uint16_t port() const { return port_; }
    size_t accepted() const {
        std::lock_guard lock(mutex_);
        return accepted_;
    }

    // Registers another socket a session opened, so the destructor can unblock it too.
    void track(int fd) {
        std::lock_guard lock(mutex_);
        if (stopping_) ::shutdown(fd, SHUT_RDWR);
        open_fds_.push_back(fd);
    }
    void untrack(int fd) {
        std::lock_guard lock(mutex_);
        std::erase(open_fds_, fd);
    }

  private:
    void accept_loop() {
        for (;;) {
            auto socket = std::make_shared<tcp::socket>(io_);
            boost::system::error_code ec;
            acceptor_.accept(*socket, ec);
            std::lock_guard lock(mutex_);
            if (stopping_) return;
            if (ec) continue;
            ++accepted_;
            open_fds_.push_back(socket->native_handle());
            sessions_.emplace_back([this, socket] {
                session_(*socket);
                untrack(socket->native_handle());
            });
        }
    }

    Session session_;
    asio::io_context io_;
    tcp::acceptor acceptor_{io_};
    uint16_t port_ = 0;
    mutable std::mutex mutex_;
    bool stopping_ = false;
    size_t accepted_ = 0;
    std::vector<int> open_fds_;
    std::list<std::thread> sessions_;
    std::thread accept_thread_;
};

// Reads one request head (the tests' raw sessions only receive requests without bodies).
inline bool read_request_head(tcp::socket& socket, std::string& pending) {
    boost::system::error_code ec;
    const size_t n = asio::read_until(socket, asio::dynamic_buffer(pending), "\r\n\r\n", ec);
    if (ec) return false;
    pending.erase(0, n);
    return true;
}

inline void write_all(tcp::socket& socket, std::string_view bytes) {
    boost::system::error_code ec;
    asio::write(socket, asio::buffer(bytes), ec);
}

// A forward proxy on 127.0.0.1 that sends every upstream connection to 127.0.0.1 (whatever
// the host name asked for, which lets tests present a name the server certificate lacks).
class TestProxy {
  public:
    TestProxy() : server_([this](tcp::socket& s) { serve(s); }) {}

    std::string url(const std::string& userinfo = "") const {
        return "http://" + (userinfo.empty() ? "" : userinfo + "@") + "127.0.0.1:" + std::to_string(server_.port());
    }
    uint16_t port() const { return server_.port(); }

    void refuse_connect_with(int status) {
        std::lock_guard lock(mutex_);
        refuse_status_ = status;
    }
    std::vector<std::string> connect_targets() const {
        std::lock_guard lock(mutex_);
        return connect_targets_;
    }
    std::vector<std::string> forwarded_targets() const {
        std::lock_guard lock(mutex_);
        return forwarded_targets_;
    }
    std::vector<std::string> authorizations() const {
        std::lock_guard lock(mutex_);
        return authorizations_;
    }

  private:
    void serve(tcp::socket& client) {
        boost::beast::flat_buffer buffer;
        for (;;) {
            http::request<http::string_body> request;
            boost::system::error_code ec;
            http::read(client, buffer, request, ec);
            if (ec) return;
            int refuse_status;
            {
                std::lock_guard lock(mutex_);
                authorizations_.emplace_back(request[http::field::proxy_authorization]);
                (request.method() == http::verb::connect ? connect_targets_ : forwarded_targets_)
                    .emplace_back(request.target());
                refuse_status = refuse_status_;
            }
            if (request.method() == http::verb::connect) {
                if (refuse_status) {
                    write_all(client, "HTTP/1.1 " + std::to_string(refuse_status) +
                                          " Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n");
                    return;
                }
                const std::string target(request.target());
                tunnel(client, std::stoi(target.substr(target.rfind(':') + 1)), buffer);
                return;
            }
            if (!forward(client, request)) return;
        }
    }

    tcp::socket connect_upstream(uint16_t port, boost::system::error_code& ec) {
        tcp::socket upstream(io_);
        upstream.connect({asio::ip::make_address("127.0.0.1"), port}, ec);
        return upstream;
    }

    bool forward(tcp::socket& client, http::request<http::string_body>& request) {
        const auto url = llmhost::transport::parse_url(std::string(request.target()));
        boost::system::error_code ec;
        tcp::socket upstream = connect_upstream(url.port, ec);
        if (ec) return false;
        server_.track(upstream.native_handle());
        request.target(url.target);
        request.erase(http::field::proxy_authorization);
        http::write(upstream, request, ec);
        boost::beast::flat_buffer buffer;
        http::response<http::string_body> response;
        if (!ec) http::read(upstream, buffer, response, ec);
        server_.untrack(upstream.native_handle());
        if (ec) return false;
        http::write(client, response, ec);
        return !ec && response.keep_alive() && request.keep_alive();
    }

    void tunnel(tcp::socket& client, uint16_t port, boost::beast::flat_buffer& early_bytes) {
        boost::system::error_code ec;
        tcp::socket upstream = connect_upstream(port, ec);
        if (ec) return;
        server_.track(upstream.native_handle());
        write_all(client, "HTTP/1.1 200 Connection Established\r\n\r\n");
        if (early_bytes.size()) {
            write_all(upstream, {static_cast<const char*>(early_bytes.data().data()), early_bytes.size()});
        }
        relay(client.native_handle(), upstream.native_handle());
        server_.untrack(upstream.native_handle());
    }

    static void relay(int a, int b) {
        char bytes[16384];
        for (;;) {
            pollfd fds[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
            if (::poll(fds, 2, -1) <= 0) return;
            for (int i = 0; i < 2; ++i) {
                if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
                const ssize_t n = ::recv(fds[i].fd, bytes, sizeof bytes, 0);
                if (n <= 0) return;
                for (ssize_t sent = 0; sent < n;) {
                    const ssize_t w = ::send(fds[1 - i].fd, bytes + sent, static_cast<size_t>(n - sent), MSG_NOSIGNAL);
                    if (w <= 0) return;
                    sent += w;
                }
            }
        }
    }

    asio::io_context io_;
    mutable std::mutex mutex_;
    int refuse_status_ = 0;
    std::vector<std::string> connect_targets_;
    std::vector<std::string> forwarded_targets_;
    std::vector<std::string> authorizations_;
    SocketServer server_; // last: its sessions use the members above
};

} // namespace transport_test
