#include "core/gateway/http/http_server.hpp"

#include "core/fiber/fiber.hpp"
#include "core/gateway/http/http_session.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace llmhost::gateway {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct HttpServer::Impl final : ConnectionOwner {
    ServerLimits limits_;
    RequestHandler handler_;
    HeadCheck head_check_;
    std::atomic<size_t> pending_body_bytes_{0};

    // Declared before the io_context: sessions still queued in it deregister while it is
    // destroyed, so these must outlive it.
    mutable std::mutex mutex_;
    std::condition_variable all_closed_;
    std::map<uint64_t, std::weak_ptr<HttpSession>> sessions_;
    uint64_t next_id_ = 0;
    bool accepting_ = true;

    // One event loop per thread, each serving its share of the connections (and the fibers of
    // their requests) from start to end; the first also accepts.
    struct Loop {
        asio::io_context io{1};
        asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
        size_t fibers_left = 0; // unfinished when the loop stopped (a plugin call outlived shutdown)
    };
    std::vector<std::unique_ptr<Loop>> loops_;
    size_t next_loop_ = 0;
    std::unique_ptr<tcp::acceptor> acceptor_;
    std::unique_ptr<asio::steady_timer> accept_retry_;
    std::vector<std::thread> threads_;

    Impl(ServerLimits limits, RequestHandler handler, HeadCheck head_check)
        : limits_(limits), handler_(std::move(handler)), head_check_(std::move(head_check)) {}

    // A fiber still waiting when its loop stopped is waiting for a plugin call on a pool
    // thread, which will post its wake-up to the loop: that loop is left in place (the
    // process is shutting down) rather than destroyed under it.
    ~Impl() {
        for (auto& loop : loops_)
            if (loop->fibers_left) static_cast<void>(loop.release());
    }

    // Made before listening; start() may only add loops.
    void make_loops(unsigned count) {
        while (loops_.size() < count)
            loops_.push_back(std::make_unique<Loop>());
        if (!acceptor_) {
            acceptor_ = std::make_unique<tcp::acceptor>(loops_[0]->io);
            accept_retry_ = std::make_unique<asio::steady_timer>(loops_[0]->io);
        }
    }

    const ServerLimits& limits() const override { return limits_; }
    const RequestHandler& handler() const override { return handler_; }
    const HeadCheck& head_check() const override { return head_check_; }

    bool reserve_body(size_t bytes) override {
        size_t pending = pending_body_bytes_.load();
        do {
            if (bytes > limits_.max_pending_body_bytes - std::min(pending, limits_.max_pending_body_bytes))
                return false;
        } while (!pending_body_bytes_.compare_exchange_weak(pending, pending + bytes));
        return true;
    }
    void release_body(size_t bytes) override { pending_body_bytes_.fetch_sub(bytes); }

    void connection_closed(uint64_t id) override {
        std::lock_guard lock(mutex_);
        sessions_.erase(id);
        if (sessions_.empty()) all_closed_.notify_all();
    }

    void accept() {
        auto& loop = loops_[next_loop_++ % loops_.size()]->io;
        acceptor_->async_accept(loop, [this](boost::system::error_code ec, tcp::socket socket) {
            if (ec == asio::error::operation_aborted || !acceptor_->is_open()) return;
            if (ec) { // e.g. out of file descriptors: back off instead of spinning
                accept_retry_->expires_after(std::chrono::milliseconds(50));
                accept_retry_->async_wait([this](boost::system::error_code) {
                    if (acceptor_->is_open()) accept();
                });
                return;
            }
            boost::system::error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored); // every stream frame goes out at once
            std::shared_ptr<HttpSession> session;
            {
                std::lock_guard lock(mutex_);
                if (!accepting_) return;
                const uint64_t id = next_id_++;
                session = std::make_shared<HttpSession>(std::move(socket), *this, id);
                sessions_.emplace(id, session);
            }
            session->start();
            accept();
        });
    }

    std::vector<std::shared_ptr<HttpSession>> live_sessions() {
        std::vector<std::shared_ptr<HttpSession>> out;
        std::lock_guard lock(mutex_);
        for (auto& [id, weak] : sessions_)
            if (auto s = weak.lock()) out.push_back(std::move(s));
        return out;
    }
};

HttpServer::HttpServer(ServerLimits limits, RequestHandler handler, HeadCheck head_check)
    : impl_(std::make_unique<Impl>(limits, std::move(handler), std::move(head_check))) {
    impl_->make_loops(1);
}

HttpServer::~HttpServer() { stop(); }

namespace {

// Each streaming client holds two descriptors (its connection and the upstream's); the usual
// soft limit of 1024 would cap a gateway near 500 streams, so take what the hard limit allows.
void raise_open_file_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
}

} // namespace

uint16_t HttpServer::listen(const std::string& host, uint16_t port) {
    raise_open_file_limit();
    const tcp::endpoint endpoint(asio::ip::make_address(host), port);
    boost::system::error_code ec;
    auto& acceptor = *impl_->acceptor_;
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message());
    return acceptor.local_endpoint().port();
}

void HttpServer::start(unsigned io_threads) {
    impl_->make_loops(std::max(1u, io_threads));
    impl_->accept();
    for (auto& loop : impl_->loops_)
        impl_->threads_.emplace_back([&loop = *loop] {
            loop.io.run();
            loop.fibers_left = fiber::live_fibers_on_this_thread();
        });
}

void HttpServer::stop_accepting() {
    {
        std::lock_guard lock(impl_->mutex_);
        impl_->accepting_ = false;
    }
    asio::post(impl_->acceptor_->get_executor(), [this] {
        boost::system::error_code ignored;
        impl_->acceptor_->close(ignored);
        impl_->accept_retry_->cancel();
    });
    for (auto& session : impl_->live_sessions())
        session->shutdown_gracefully();
}

bool HttpServer::wait_until_idle(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(impl_->mutex_);
    return impl_->all_closed_.wait_until(lock, deadline, [this] { return impl_->sessions_.empty(); });
}

void HttpServer::give_up_requests() {
    for (auto& session : impl_->live_sessions())
        session->give_up();
}

void HttpServer::abort_connections() {
    for (auto& session : impl_->live_sessions())
        session->abort();
}

void HttpServer::stop() {
    if (impl_->threads_.empty()) return;
    for (auto& loop : impl_->loops_) {
        loop->work.reset();
        loop->io.stop();
    }
    for (auto& t : impl_->threads_)
        t.join();
    impl_->threads_.clear();
}

size_t HttpServer::open_connections() const {
    std::lock_guard lock(impl_->mutex_);
    return impl_->sessions_.size();
}

} // namespace llmhost::gateway
