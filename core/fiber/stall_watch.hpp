// Notices a fiber that keeps its event-loop thread without suspending for longer than a
// threshold: code that promised to wait only through fiber waits (a COOPERATIVE plugin) and
// blocks instead, stalling every connection of that thread. A watch thread reports the stall
// while it lasts, to whoever the fiber named as answering for it.
#pragma once

#include <chrono>
#include <cstdint>

namespace llmhost::fiber {

// How long a fiber may keep its thread before it counts as a stall: far above any honest
// stretch of work between two waits (parsing a large response), even in a sanitizer build.
inline constexpr std::chrono::milliseconds stall_threshold{1000};

// Answers for a fiber's stalls. Registered from construction until stop_listening(), so that
// the watch thread never calls one that is gone: a derived class calls stop_listening() first
// thing in its destructor, while its on_stall is still whole.
class StallListener {
  public:
    // Called from the watch thread, once per stall, while the stall goes on.
    virtual void on_stall(std::chrono::milliseconds stalled_for) noexcept = 0;

  protected:
    StallListener();
    ~StallListener(); // stops listening too, for a class that has nothing to lose before
    // After it returns, on_stall is never called again (it waits for a call in progress).
    void stop_listening() noexcept;
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
