#include "core/reliability/clock.hpp"

#include <chrono>
#include <random>
#include <thread>

namespace llmhost::reliability {

int64_t SystemClock::now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

int64_t SystemClock::wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

bool SystemClock::sleep_ms(int64_t ms, const std::atomic<bool>* cancel) {
    // Short slices keep Ctrl-C responsive (the CLI must exit within 100 ms).
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < until) {
        if (cancel && cancel->load(std::memory_order_relaxed)) return false;
        const auto left = until - std::chrono::steady_clock::now();
        std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(left, std::chrono::milliseconds(10)));
    }
    return !(cancel && cancel->load(std::memory_order_relaxed));
}

double SystemClock::random_unit() {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

} // namespace llmhost::reliability
