#include "core/fiber/fiber_wait.hpp"

#include "core/fiber/fiber.hpp"
#include "core/fiber/thread_pool.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <exception>
#include <memory>
#include <thread>

namespace llmhost::fiber {

namespace {

bool is_set(const std::atomic<bool>* flag) { return flag && flag->load(std::memory_order_relaxed); }

// Short slices keep a cancelled wait responsive (the CLI must exit within 100 ms of Ctrl-C).
bool sleep_on_thread(std::chrono::steady_clock::duration duration, const std::atomic<bool>* cancel) {
    const auto until = std::chrono::steady_clock::now() + duration;
    for (auto now = std::chrono::steady_clock::now(); now < until; now = std::chrono::steady_clock::now()) {
        if (is_set(cancel)) return false;
        std::this_thread::sleep_for(
            std::min<std::chrono::steady_clock::duration>(until - now, std::chrono::milliseconds(10)));
    }
    return !is_set(cancel);
}

std::atomic<size_t> max_blocking_threads{512};

ThreadPool& blocking_pool() {
    // Never destroyed: a blocked task must not hold up the process's exit.
    static auto* pool = new ThreadPool(max_blocking_threads.load());
    return *pool;
}

} // namespace

bool sleep_for(std::chrono::steady_clock::duration duration, const std::atomic<bool>* cancel) {
    if (!in_fiber()) return sleep_on_thread(duration, cancel);
    boost::asio::steady_timer timer(current_io(), duration);
    bool fired = false;
    timer.async_wait([&fired, waker = current_waker()](const boost::system::error_code&) {
        fired = true;
        waker.wake();
    });
    bool cancelled = false;
    while (!fired) {
        if (!cancelled && is_set(cancel)) {
            cancelled = true;
            timer.cancel(); // the handler still runs (aborted): wait for it, it refers to `fired`
        }
        suspend();
    }
    return !cancelled && !is_set(cancel);
}

void run_blocking(const std::function<void()>& work) {
    if (!in_fiber()) return work();
    struct Outcome {
        std::atomic<bool> done{false};
        std::exception_ptr failure;
    };
    auto outcome = std::make_shared<Outcome>();
    // The loop must keep running while nothing but the pool thread will wake this fiber, and
    // until that thread has finished posting the wake-up: the fiber may see `done` and end
    // first, and a loop left without work may return and be destroyed under the post.
    auto busy = std::make_shared<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>(
        current_io().get_executor());
    blocking_pool().submit([&work, outcome, busy, waker = current_waker()]() mutable {
        try {
            work();
        } catch (...) {
            outcome->failure = std::current_exception();
        }
        outcome->done.store(true, std::memory_order_release);
        waker.wake();
        waker = Waker();
        busy->reset();
    });
    busy.reset();
    while (!outcome->done.load(std::memory_order_acquire))
        suspend();
    if (outcome->failure) std::rethrow_exception(outcome->failure);
}

void set_max_blocking_threads(size_t n) { max_blocking_threads.store(n ? n : 1); }

} // namespace llmhost::fiber
