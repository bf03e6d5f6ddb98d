#include "core/transport/connection.hpp"

#include <poll.h>

namespace llmhost::transport {

Connection::Connection(std::string peer) : peer_(std::move(peer)) {}

Connection::~Connection() { close(); }

void Connection::start_tls(boost::asio::ssl::context& context) {
    tls_ = std::make_unique<TlsStream>(std::move(socket_), context);
}

void Connection::close() noexcept {
    boost::system::error_code ignored;
    tcp_socket().close(ignored); // TLS close_notify is skipped: the connection is being dropped
}

void Connection::abandon(const bool& completed) noexcept {
    close();
    io_.restart();
    while (!completed && io_.run_one() > 0) {
    }
}

bool Connection::is_idle_and_open() {
    if (!tcp_socket().is_open() || buffer_.size() != 0) return false;
    // Readable while idle means the peer closed (EOF/RST) or sent something unsolicited.
    pollfd fd{tcp_socket().native_handle(), POLLIN, 0};
    return ::poll(&fd, 1, 0) == 0;
}

} // namespace llmhost::transport
