// Fibers: stackful coroutines that let blocking-style code (a plugin call and the transport
// under it) share one event-loop thread with thousands of others. A fiber runs on the thread
// that runs its io_context and stays there; where plain code would block, a fiber suspends and
// its thread serves other connections until something wakes it.
//
// Code that may run on a fiber never holds a lock while it waits, and never blocks the thread
// (sleep, blocking I/O) outside the waits offered here or by the transport.
#pragma once

#include <functional>
#include <memory>

namespace boost::asio {
class io_context;
}

namespace llmhost::fiber {

namespace detail {
class FiberState;
}

// Wakes one fiber; copyable, usable from any thread, harmless once the fiber has finished.
// A wake-up may be spurious from the fiber's point of view: whoever suspends re-checks what
// it waits for.
class Waker {
  public:
    Waker() = default;
    // Resumes the fiber right here when called on its thread outside any fiber (so only as
    // the last thing a completion handler does); otherwise as wake_later().
    void wake() const;
    // Resumes the fiber once its loop gets to it: safe from code that goes on touching state
    // the fiber may change.
    void wake_later() const;
    explicit operator bool() const { return state_ != nullptr; }

  private:
    friend Waker current_waker();
    explicit Waker(std::shared_ptr<detail::FiberState> state) : state_(std::move(state)) {}
    std::shared_ptr<detail::FiberState> state_;
};

// Starts `body` on a new fiber. Must be called on the thread running `io` (which no other
// thread runs). Returns when the body first suspends or finishes. An exception that escapes
// the body ends the process: bodies handle their own failures.
void spawn(boost::asio::io_context& io, std::function<void()> body);

// True while the calling code runs on a fiber.
bool in_fiber() noexcept;

// The current fiber's io_context and waker; only valid in_fiber().
boost::asio::io_context& current_io() noexcept;
Waker current_waker();

// Suspends the current fiber until its waker is used. Only valid in_fiber().
void suspend();

// Fibers started on this thread that have not finished yet.
size_t live_fibers_on_this_thread() noexcept;

} // namespace llmhost::fiber
