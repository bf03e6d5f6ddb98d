#include "bench/workload_load.hpp"

#include "bench/bench_support.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <functional>
#include <thread>

namespace llmhost::bench {

OpenConnections open_connections(uint16_t port, int count, const std::string& request, const std::string& expected,
                                 bool whole_response) {
    OpenConnections open;
    for (int i = 0; i < count; ++i) {
        const int fd = connect_to(port);
        if (fd < 0) {
            open.failure = "connection " + std::to_string(i + 1) + " refused";
            break;
        }
        open.fds.push_back(fd);
        set_receive_timeout(fd, 5);
        std::string got;
        send(fd, request.data(), request.size(), MSG_NOSIGNAL);
        const bool read = whole_response ? read_response(fd, got) : read_until(fd, got, expected);
        if (!read || !got.starts_with("HTTP/1.1 200") || got.find(expected) == std::string::npos) {
            open.failure = "connection " + std::to_string(i + 1) + " got: " + got.substr(0, 300);
            break;
        }
        ++open.answered;
    }
    return open;
}

void close_all(OpenConnections& open) {
    for (int fd : open.fds)
        close(fd);
    open.fds.clear();
}

namespace {

// One soak connection: a request every `interval` from `start`, until `end`.
void soak_connection(uint16_t port, const std::vector<std::string>& requests, const std::vector<std::string>& expected,
                     size_t first, std::chrono::milliseconds interval, Clock::time_point start, Clock::time_point end,
                     std::atomic<long>& answered, std::atomic<long>& failed) {
    int fd = -1;
    for (size_t k = 0;; ++k) {
        const Clock::time_point due = start + k * interval;
        if (due >= end) break;
        std::this_thread::sleep_until(due);
        if (fd < 0 && (fd = connect_to(port)) >= 0) set_receive_timeout(fd, 10);
        const size_t which = (first + k) % requests.size();
        std::string got;
        const bool ok = fd >= 0 && send(fd, requests[which].data(), requests[which].size(), MSG_NOSIGNAL) > 0 &&
                        read_response(fd, got) && got.starts_with("HTTP/1.1 200") &&
                        got.find(expected[which]) != std::string::npos;
        if (ok) {
            ++answered;
            continue;
        }
        if (failed++ < 3) std::fprintf(stderr, "soak: a request failed: %s\n", got.substr(0, 300).c_str());
        if (fd >= 0) close(fd); // start afresh
        fd = -1;
    }
    if (fd >= 0) close(fd);
}

} // namespace

SoakResult soak(uint16_t port, const std::vector<std::string>& requests, const std::vector<std::string>& expected,
                int connections, std::chrono::milliseconds interval, std::chrono::seconds duration, pid_t pid,
                std::chrono::seconds sample_every) {
    std::atomic<long> answered{0}, failed{0};
    const Clock::time_point start = Clock::now(), end = start + duration;
    std::vector<std::thread> drivers;
    for (int c = 0; c < connections; ++c) // spread over the interval, so the rate is even
        drivers.emplace_back(soak_connection, port, std::cref(requests), std::cref(expected), static_cast<size_t>(c),
                             interval, start + c * interval / connections, end, std::ref(answered), std::ref(failed));
    SoakResult result;
    for (Clock::time_point next = start + sample_every; next <= end; next += sample_every) {
        std::this_thread::sleep_until(next);
        const SoakSample s{std::chrono::duration<double>(Clock::now() - start).count(), rss_mib(pid),
                           open_descriptors(pid)};
        result.samples.push_back(s);
        std::fprintf(stderr, "soak %4.0f s: gateway RSS %.1f MiB, %d descriptors, %ld answered, %ld failed\n",
                     s.seconds, s.rss_mib, s.descriptors, answered.load(), failed.load());
    }
    for (std::thread& t : drivers)
        t.join();
    result.answered = answered;
    result.failed = failed;
    return result;
}

} // namespace llmhost::bench
