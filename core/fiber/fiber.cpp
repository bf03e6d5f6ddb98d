#include "core/fiber/fiber.hpp"

#include "core/fiber/fiber_stack.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/context/fiber.hpp>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <thread>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#endif

namespace llmhost::fiber {

namespace ctx = boost::context;

namespace {

// AddressSanitizer must be told when the thread changes stacks, or it reports false errors
// (or none) for what the other stack does. No-ops in other builds.
struct StackSwitch {
#if defined(__SANITIZE_ADDRESS__)
    void* fake_stack = nullptr;
    void start(const void* bottom, size_t size) { __sanitizer_start_switch_fiber(&fake_stack, bottom, size); }
    void start_final(const void* bottom, size_t size) { __sanitizer_start_switch_fiber(nullptr, bottom, size); }
    void finish(const void** from_bottom = nullptr, size_t* from_size = nullptr) {
        __sanitizer_finish_switch_fiber(fake_stack, from_bottom, from_size);
    }
#else
    void start(const void*, size_t) {}
    void start_final(const void*, size_t) {}
    void finish(const void** = nullptr, size_t* = nullptr) {}
#endif
};

thread_local detail::FiberState* current_fiber = nullptr;
thread_local size_t live_fibers = 0;

} // namespace

namespace detail {

class FiberState : public std::enable_shared_from_this<FiberState> {
  public:
    FiberState(boost::asio::io_context& io, std::function<void()> body)
        : io_(io), thread_(std::this_thread::get_id()), body_(std::move(body)) {}

    void start() {
        CachedStack allocator;
        ctx::stack_context stack = allocator.allocate();
        stack_bottom_ = static_cast<char*>(stack.sp) - stack.size;
        stack_size_ = stack.size;
        // While it runs or waits, the fiber owns itself; it lets go when its body returns.
        self_owned_ = shared_from_this();
        ++live_fibers;
        continuation_ = ctx::fiber(std::allocator_arg, ctx::preallocated(stack.sp, stack.size, stack), allocator,
                                   [this](ctx::fiber&& scheduler) { return run(std::move(scheduler)); });
        resume();
    }

    // On the fiber's thread, outside any fiber: switch into it if it is waiting.
    void resume() {
        if (!continuation_ || running_) return;
        auto keep = shared_from_this(); // the body's end drops self_owned_ while we are still here
        running_ = true;
        detail::FiberState* outer = current_fiber;
        current_fiber = this;
        StackSwitch to_fiber;
        to_fiber.start(stack_bottom_, stack_size_);
        continuation_ = std::move(continuation_).resume();
        to_fiber.finish();
        current_fiber = outer;
        running_ = false;
    }

    void wake() {
        if (std::this_thread::get_id() == thread_ && current_fiber == nullptr) return resume();
        wake_later(); // from another fiber or thread
    }

    void wake_later() {
        // One pending wake-up is enough; more would only be spurious.
        if (wake_posted_.exchange(true)) return;
        boost::asio::post(io_, [self = shared_from_this()] {
            self->wake_posted_ = false;
            self->resume();
        });
    }

    // On the fiber: back to whoever resumed it.
    void suspend() {
        StackSwitch to_scheduler;
        to_scheduler.start(scheduler_bottom_, scheduler_size_);
        scheduler_ = std::move(scheduler_).resume();
        to_scheduler.finish(&scheduler_bottom_, &scheduler_size_);
    }

    boost::asio::io_context& io() const { return io_; }

  private:
    ctx::fiber run(ctx::fiber&& scheduler) {
        StackSwitch arrived;
        arrived.finish(&scheduler_bottom_, &scheduler_size_);
        scheduler_ = std::move(scheduler);
        try {
            body_();
        } catch (const ctx::detail::forced_unwind&) {
            throw; // Boost.Context unwinding a fiber that is being destroyed
        } catch (const std::exception& e) {
            std::fprintf(stderr, "llmhost: internal error: a fiber ended with an exception: %s\n", e.what());
            std::abort();
        }
        body_ = nullptr; // what the body captured goes now, on its own stack
        --live_fibers;
        StackSwitch leaving;
        leaving.start_final(scheduler_bottom_, scheduler_size_);
        self_owned_.reset(); // resume() keeps this object alive until the switch below is done
        return std::move(scheduler_);
    }

    boost::asio::io_context& io_;
    const std::thread::id thread_;
    std::function<void()> body_;
    ctx::fiber continuation_; // the fiber while it waits
    ctx::fiber scheduler_;    // where suspend() returns to
    std::shared_ptr<FiberState> self_owned_;
    const void* stack_bottom_ = nullptr;
    size_t stack_size_ = 0;
    const void* scheduler_bottom_ = nullptr;
    size_t scheduler_size_ = 0;
    bool running_ = false;
    std::atomic<bool> wake_posted_{false};
};

} // namespace detail

void Waker::wake() const {
    if (state_) state_->wake();
}

void Waker::wake_later() const {
    if (state_) state_->wake_later();
}

void spawn(boost::asio::io_context& io, std::function<void()> body) {
    std::make_shared<detail::FiberState>(io, std::move(body))->start();
}

bool in_fiber() noexcept { return current_fiber != nullptr; }

boost::asio::io_context& current_io() noexcept { return current_fiber->io(); }

Waker current_waker() { return Waker(current_fiber->shared_from_this()); }

void suspend() { current_fiber->suspend(); }

size_t live_fibers_on_this_thread() noexcept { return live_fibers; }

} // namespace llmhost::fiber
