// Idle keep-alive connections, keyed by where they lead (scheme, host, port and proxy).
// Thread-safe; a connection is owned by exactly one exchange while taken out.
#pragma once

#include "core/transport/connection.hpp"

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace llmhost::transport {

class ConnectionPool {
  public:
    ConnectionPool(size_t max_idle_per_key, std::chrono::milliseconds max_idle_age);

    // The most recently parked connection for `key` that is still usable, or null.
    std::unique_ptr<Connection> take(const std::string& key);

    // Keeps `connection` for reuse (or drops it when the key already has the maximum idle).
    void park(const std::string& key, std::unique_ptr<Connection> connection);

    size_t idle_count() const;

  private:
    using Idle = std::deque<std::unique_ptr<Connection>>; // oldest first

    // Moves connections idle for longer than the maximum age into `expired` (lock held).
    void collect_expired(Connection::Clock::time_point now, std::vector<std::unique_ptr<Connection>>& expired);

    const size_t max_idle_per_key_;
    const std::chrono::milliseconds max_idle_age_;
    mutable std::mutex mutex_;
    std::map<std::string, Idle> idle_;
    Connection::Clock::time_point next_sweep_{}; // of collect_expired
};

} // namespace llmhost::transport
