#include "core/transport/resolver.hpp"

#include "core/fiber/fiber.hpp"
#include "core/fiber/fiber_wait.hpp"
#include "core/transport/transport_errors.hpp"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace llmhost::transport {

using boost::asio::ip::tcp;

namespace {

// Shared by the waiting caller and the helper thread; whichever leaves last frees it.
struct PendingLookup {
    std::mutex mutex;
    std::condition_variable finished_signal;
    bool finished = false;
    boost::system::error_code error;
    std::vector<tcp::endpoint> endpoints;
};

void look_up(const std::shared_ptr<PendingLookup>& lookup, const std::string& host, uint16_t port) {
    boost::asio::io_context io;
    tcp::resolver resolver(io);
    boost::system::error_code ec;
    const auto results = resolver.resolve(host, std::to_string(port), tcp::resolver::numeric_service, ec);
    std::lock_guard lock(lookup->mutex);
    lookup->error = ec;
    if (!ec)
        for (const auto& entry : results)
            lookup->endpoints.push_back(entry.endpoint());
    lookup->finished = true;
    lookup->finished_signal.notify_all();
}

} // namespace

std::vector<tcp::endpoint> resolve_host(const std::string& host, uint16_t port, const Deadline& deadline,
                                        const CancelCheck& cancelled) {
    boost::system::error_code literal_error;
    const auto address = boost::asio::ip::make_address(host, literal_error);
    if (!literal_error) return {tcp::endpoint(address, port)};

    if (fiber::in_fiber()) { // the wait below would block the whole event loop
        std::vector<tcp::endpoint> endpoints;
        fiber::run_blocking([&] { endpoints = resolve_host(host, port, deadline, cancelled); });
        return endpoints;
    }

    const std::string peer = host + ":" + std::to_string(port);
    auto lookup = std::make_shared<PendingLookup>();
    std::thread([lookup, host, port] { look_up(lookup, host, port); }).detach();

    std::unique_lock lock(lookup->mutex);
    while (!lookup->finished) {
        if (cancelled && cancelled()) throw_cancelled(peer);
        if (deadline.expired()) throw_timeout(deadline, "resolving", peer);
        lookup->finished_signal.wait_for(lock, cancel_poll_interval);
    }
    if (lookup->error) throw_network("cannot resolve host '" + host + "': " + lookup->error.message());
    if (lookup->endpoints.empty()) throw_network("cannot resolve host '" + host + "': no addresses");
    return lookup->endpoints;
}

} // namespace llmhost::transport
