// Counters behind GET /metrics, rendered in the Prometheus text format (version 0.0.4).
// Thread-safe; updated once per request or attempt, so a mutex is cheap enough.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace llmhost::gateway {

class Metrics {
  public:
    void request(std::string_view face, int status);
    void error(std::string_view error_class);
    void attempt(std::string_view provider, std::string_view status);
    void upstream_latency(std::string_view provider, double seconds);
    void stream_opened() { active_streams_.fetch_add(1, std::memory_order_relaxed); }
    void stream_closed() { active_streams_.fetch_sub(1, std::memory_order_relaxed); }
    void stream_output(uint64_t deltas, int64_t tokens);

    std::string render() const;

    static constexpr std::array<double, 14> latency_buckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                                            1,     2.5,  5,     10,   30,  60,   120};

  private:
    struct Histogram {
        std::array<uint64_t, latency_buckets.size()> buckets{}; // non-cumulative counts
        uint64_t count = 0;
        double sum = 0;
    };

    mutable std::mutex mutex_;
    std::map<std::string, std::map<int, uint64_t>, std::less<>> requests_; // face -> status -> count
    std::map<std::string, uint64_t, std::less<>> errors_;
    std::map<std::pair<std::string, std::string>, uint64_t, std::less<>> attempts_;
    std::map<std::string, Histogram, std::less<>> latency_;
    std::atomic<int64_t> active_streams_{0};
    std::atomic<uint64_t> deltas_{0};
    std::atomic<uint64_t> tokens_{0};
};

} // namespace llmhost::gateway
