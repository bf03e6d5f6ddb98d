#include "core/reliability/clock.hpp"

#include "core/fiber/fiber_wait.hpp"

#include <chrono>
#include <random>

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
    return fiber::sleep_for(std::chrono::milliseconds(ms), cancel);
}

double SystemClock::random_unit() {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

} // namespace llmhost::reliability
