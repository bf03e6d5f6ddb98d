#include "core/fiber/fiber.hpp"

#include "core/fiber/activity.hpp"
#include "core/fiber/fiber_stack.hpp"
#include "core/fiber/sanitizers.hpp"
#include "core/fiber/stall_watch.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/context/fiber.hpp>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cxxabi.h>
#include <exception>
#include <thread>
#include <utility>

#if defined(LLMHOST_ASAN)
#include <sanitizer/common_interface_defs.h>
#endif
#if defined(LLMHOST_TSAN)
#include <sanitizer/tsan_interface.h>
#endif

namespace llmhost::fiber {

namespace ctx = boost::context;

namespace {

// AddressSanitizer must be told when the thread changes stacks, or it reports false errors
// (or none) for what the other stack does. No-ops in other builds.
struct StackSwitch {
#if defined(LLMHOST_ASAN)
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

// ThreadSanitizer keeps one history per stack: told which one runs, it orders what the fibers of
// a thread do one after the other instead of reporting races between them (or missing races
// with other threads). Each switch is announced right before it happens. No-ops in other builds.
struct TsanFiber {
#if defined(LLMHOST_TSAN)
    static void* create() { return __tsan_create_fiber(0); }
    static void* current() { return __tsan_get_current_fiber(); }
    static void switch_to(void* fiber) { __tsan_switch_to_fiber(fiber, 0); }
    static void destroy(void* fiber) { __tsan_destroy_fiber(fiber); }
#else
    static void* create() { return nullptr; }
    static void* current() { return nullptr; }
    static void switch_to(void*) {}
    static void destroy(void*) {}
#endif
};

// The C++ runtime keeps the exceptions being handled (what `throw;` and current_exception()
// see, and what the end of a catch block frees) and the count of those in flight per thread.
// Each fiber needs its own: one that waits inside a catch block would otherwise end, and free,
// another fiber's exception. This is the head of the Itanium ABI's __cxa_eh_globals (libstdc++
// and libc++abi alike).
struct ExceptionState {
    void* caught = nullptr;
    unsigned int uncaught = 0;

    // Exchanges this state with the thread's.
    void swap_with_thread() noexcept {
        auto* thread = reinterpret_cast<ExceptionState*>(abi::__cxa_get_globals());
        std::swap(caught, thread->caught);
        std::swap(uncaught, thread->uncaught);
    }
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
        tsan_fiber_ = TsanFiber::create();
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
        tsan_scheduler_ = TsanFiber::current(); // a thread's own stack, or the fiber that started this one
        StackSwitch to_fiber;
        to_fiber.start(stack_bottom_, stack_size_);
        TsanFiber::switch_to(tsan_fiber_);
        exceptions_.swap_with_thread(); // the fiber's in, the resumer's kept here meanwhile
        const auto resumer = detail::running_fiber();
        if (stall_listener_) detail::mark_running(stall_listener_);
        detail::swap_activity(activity_); // the fiber's label in, the resumer's kept meanwhile
        continuation_ = std::move(continuation_).resume();
        detail::swap_activity(activity_);
        detail::restore_running(resumer);
        exceptions_.swap_with_thread();
        to_fiber.finish();
        current_fiber = outer;
        running_ = false;
        if (!continuation_) TsanFiber::destroy(tsan_fiber_); // the body has returned
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
        TsanFiber::switch_to(tsan_scheduler_);
        scheduler_ = std::move(scheduler_).resume();
        to_scheduler.finish(&scheduler_bottom_, &scheduler_size_);
    }

    boost::asio::io_context& io() const { return io_; }

    void set_stall_listener(StallListener* listener) noexcept {
        stall_listener_ = listener;
        detail::mark_running(listener);
    }

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
        TsanFiber::switch_to(tsan_scheduler_);
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
    ExceptionState exceptions_;      // the fiber's while it waits
    void* tsan_fiber_ = nullptr;     // ThreadSanitizer's name for this fiber's stack
    void* tsan_scheduler_ = nullptr; // and for the stack that resumed it
    bool running_ = false;
    std::atomic<bool> wake_posted_{false};
    StallListener* stall_listener_ = nullptr; // who answers if it keeps the thread too long
    Activity activity_;                       // what it does, while it waits
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

void set_stall_listener(StallListener* listener) noexcept {
    if (current_fiber) current_fiber->set_stall_listener(listener);
}

} // namespace llmhost::fiber
