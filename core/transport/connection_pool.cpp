#include "core/transport/connection_pool.hpp"

#include <boost/asio/post.hpp>

namespace llmhost::transport {

namespace {
constexpr std::chrono::milliseconds recently_parked{1000};
constexpr std::chrono::milliseconds sweep_interval{1000};

// A sweep may find connections of other event loops; each is destroyed on its own loop,
// whose thread alone touches its socket and deadline timer.
void retire(std::vector<std::unique_ptr<Connection>>& expired) {
    for (auto& connection : expired) {
        boost::asio::io_context* loop = connection->loop();
        if (!loop || (fiber::in_fiber() && &fiber::current_io() == loop)) continue; // destroyed here
        boost::asio::post(*loop, [doomed = std::shared_ptr<Connection>(std::move(connection))] {});
    }
    expired.clear();
}
} // namespace

ConnectionPool::ConnectionPool(size_t max_idle_per_key, std::chrono::milliseconds max_idle_age)
    : max_idle_per_key_(max_idle_per_key), max_idle_age_(max_idle_age) {}

std::unique_ptr<Connection> ConnectionPool::take(const std::string& key) {
    for (;;) {
        std::unique_ptr<Connection> candidate;
        std::vector<std::unique_ptr<Connection>> expired; // closed after the lock is released
        const auto now = Connection::Clock::now();
        {
            std::lock_guard lock(mutex_);
            collect_expired(now, expired);
            const auto it = idle_.find(key);
            if (it == idle_.end()) {
                retire(expired);
                return nullptr;
            }
            candidate = std::move(it->second.back());
            it->second.pop_back();
            if (it->second.empty()) idle_.erase(it);
        }
        retire(expired);
        if (now - candidate->idle_since > max_idle_age_) continue; // the sweep runs only now and then
        // A connection parked a moment ago is taken as it is, sparing a poll(2) per request
        // under load; should its server have closed it after all, the exchange fails before
        // any response and the client retries on a fresh one.
        if (now - candidate->idle_since < recently_parked) {
            if (candidate->is_open_without_input()) return candidate;
        } else if (candidate->is_idle_and_open()) {
            return candidate;
        }
    }
}

void ConnectionPool::park(const std::string& key, std::unique_ptr<Connection> connection) {
    if (max_idle_per_key_ == 0) return;
    connection->idle_since = Connection::Clock::now();
    std::vector<std::unique_ptr<Connection>> expired;
    {
        std::lock_guard lock(mutex_);
        collect_expired(connection->idle_since, expired);
        Idle& idle = idle_[key];
        if (idle.size() >= max_idle_per_key_) {
            expired.push_back(std::move(idle.front()));
            idle.pop_front();
        }
        idle.push_back(std::move(connection));
    }
    retire(expired);
}

size_t ConnectionPool::idle_count() const {
    std::lock_guard lock(mutex_);
    size_t n = 0;
    for (const auto& [key, idle] : idle_)
        n += idle.size();
    return n;
}

void ConnectionPool::collect_expired(Connection::Clock::time_point now,
                                     std::vector<std::unique_ptr<Connection>>& expired) {
    // A sweep visits every key; once a second is enough to bound how long idle connections
    // linger (take() checks the age of the one it hands out).
    if (now < next_sweep_) return;
    next_sweep_ = now + sweep_interval;
    for (auto it = idle_.begin(); it != idle_.end();) {
        Idle& idle = it->second;
        while (!idle.empty() && now - idle.front()->idle_since > max_idle_age_) {
            expired.push_back(std::move(idle.front()));
            idle.pop_front();
        }
        it = idle.empty() ? idle_.erase(it) : std::next(it);
    }
}

} // namespace llmhost::transport
