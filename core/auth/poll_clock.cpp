#include "core/auth/poll_clock.hpp"

#include <algorithm>
#include <thread>

namespace llmhost::auth {

std::chrono::steady_clock::time_point SystemPollClock::now() { return std::chrono::steady_clock::now(); }

bool SystemPollClock::sleep_for(std::chrono::milliseconds duration) {
    constexpr std::chrono::milliseconds slice{100};
    const auto until = now() + duration;
    for (auto left = duration; left.count() > 0;
         left = std::chrono::duration_cast<std::chrono::milliseconds>(until - now())) {
        if (cancelled_ && cancelled_()) return false;
        std::this_thread::sleep_for(std::min(left, slice));
    }
    return !(cancelled_ && cancelled_());
}

} // namespace llmhost::auth
