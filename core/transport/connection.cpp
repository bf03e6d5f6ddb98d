#include "core/transport/connection.hpp"

#include <poll.h>

namespace llmhost::transport {

Connection::Connection(std::string peer, boost::asio::io_context* loop)
    : peer_(std::move(peer)), own_io_(loop ? nullptr : std::make_unique<boost::asio::io_context>(1)),
      io_(loop ? *loop : *own_io_), on_loop_(loop != nullptr) {}

Connection::~Connection() {
    close();
    stop_waiting();
}

void Connection::stop_waiting() noexcept {
    if (!fiber_deadline_ || fiber_deadline_->set_for == FiberDeadline::Clock::time_point::max()) return;
    fiber_deadline_->set_for = FiberDeadline::Clock::time_point::max();
    fiber_deadline_->timer.cancel();
}

void Connection::start_tls(boost::asio::ssl::context& context) {
    tls_ = std::make_unique<TlsStream>(std::move(socket_), context);
}

void Connection::close() noexcept {
    boost::system::error_code ignored;
    tcp_socket().close(ignored); // TLS close_notify is skipped: the connection is being dropped
}

namespace {

using FiberDeadlinePtr = std::shared_ptr<FiberDeadline>;

void arm_fiber_deadline(const FiberDeadlinePtr& state, FiberDeadline::Clock::time_point at) {
    state->set_for = at;
    state->timer.expires_at(at); // a pending wait completes as aborted, and is ignored
    state->timer.async_wait([state](boost::system::error_code ec) {
        if (ec) return;
        state->set_for = FiberDeadline::Clock::time_point::max();
        if (!state->waiting) return;
        if (FiberDeadline::Clock::now() >= state->wait_until)
            state->waiter.wake();
        else
            arm_fiber_deadline(state, state->wait_until);
    });
}

} // namespace

WaitResult Connection::wait_on_fiber(const bool& completed, const Deadline& deadline, const CancelCheck& cancelled) {
    if (!fiber_deadline_) fiber_deadline_ = std::make_shared<FiberDeadline>(io_);
    auto& state = *fiber_deadline_;
    state.waiting = true;
    state.wait_until = deadline.at;
    state.waiter = fiber::current_waker();
    if (deadline.at < state.set_for) arm_fiber_deadline(fiber_deadline_, deadline.at);

    WaitResult outcome = WaitResult::completed;
    while (!completed) {
        if (cancelled && cancelled()) {
            outcome = WaitResult::cancelled;
            break;
        }
        if (Deadline::Clock::now() >= deadline.at) {
            outcome = WaitResult::timed_out;
            break;
        }
        fiber::suspend();
    }
    state.waiting = false;
    state.waiter = {};
    return outcome;
}

void Connection::abandon(const bool& completed) noexcept {
    close();
    if (on_loop_) {
        while (!completed)
            fiber::suspend();
        return;
    }
    io_.restart();
    while (!completed && io_.run_one() > 0) {
    }
}

bool Connection::is_idle_and_open() {
    if (!is_open_without_input()) return false;
    // Readable while idle means the peer closed (EOF/RST) or sent something unsolicited.
    pollfd fd{tcp_socket().native_handle(), POLLIN, 0};
    return ::poll(&fd, 1, 0) == 0;
}

} // namespace llmhost::transport
