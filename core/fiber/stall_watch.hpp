// Notices a fiber that keeps its event-loop thread without suspending for longer than a
// threshold: code that promised to wait only through fiber waits (a COOPERATIVE plugin) and
// blocks instead, stalling every connection of that thread. A watch thread reports the stall
// while it lasts, to whoever the fiber named as answering for it.
#pragma once

#include <chrono>
#include <cstdint>

namespace llmhost::fiber {

// How long a fiber may keep its thread before it counts as a stall.
inline constexpr std::chrono::milliseconds stall_threshold{200};

// Answers for a fiber's stalls. Registered while it exists, so that the watch thread never
// calls one that is gone.
class StallListener {
  public:
    // Called from the watch thread, once per stall, while the stall goes on.
    virtual void on_stall(std::chrono::milliseconds stalled_for) noexcept = 0;

  protected:
    StallListener();
    ~StallListener();
    StallListener(const StallListener&) = delete;
    StallListener& operator=(const StallListener&) = delete;
};

// Names who answers for the current fiber's stalls from now on (nullptr: nobody). Outside a
// fiber it does nothing.
void set_stall_listener(StallListener* listener) noexcept;

namespace detail {

// The thread's record of the fiber running on it, kept by each fiber's resume() (fiber.cpp).
struct RunningFiber {
    StallListener* listener = nullptr;
    int64_t since_ns = 0;
};
RunningFiber running_fiber() noexcept;               // what runs now (nothing: all zero)
void mark_running(StallListener* listener) noexcept; // a fiber answered for by `listener` runs from now
void restore_running(const RunningFiber& before) noexcept;

} // namespace detail

} // namespace llmhost::fiber
