#include "core/fiber/stall_watch.hpp"

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace llmhost::fiber {
namespace {

using Clock = std::chrono::steady_clock;

// One per thread that ever ran a fiber with a listener; read by the watch thread. Kept for
// the whole process (a handful of event-loop threads).
struct ThreadSlot {
    std::atomic<StallListener*> listener{nullptr};
    std::atomic<int64_t> since_ns{0}; // when the current fiber got the thread
    int64_t reported_since_ns = 0;    // the watch thread's: the stall it already reported
};

struct Registry {
    std::mutex mutex;
    std::set<StallListener*> listeners;
    std::vector<std::shared_ptr<ThreadSlot>> slots;
    bool watching = false;
};

Registry& registry() {
    static auto* r = new Registry; // never destroyed: the watch thread outlives static destructors
    return *r;
}

int64_t to_ns(Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

void watch() {
    for (;;) {
        std::this_thread::sleep_for(stall_threshold / 4);
        Registry& r = registry();
        std::lock_guard lock(r.mutex); // listeners cannot go away while reported
        const int64_t now = to_ns(Clock::now());
        for (const auto& slot : r.slots) {
            StallListener* listener = slot->listener.load(std::memory_order_acquire);
            const int64_t since = slot->since_ns.load(std::memory_order_acquire);
            if (!listener || since == 0 || since == slot->reported_since_ns) continue;
            const auto stalled = std::chrono::nanoseconds(now - since);
            if (stalled < stall_threshold || !r.listeners.count(listener)) continue;
            slot->reported_since_ns = since;
            listener->on_stall(std::chrono::duration_cast<std::chrono::milliseconds>(stalled));
        }
    }
}

thread_local ThreadSlot* t_slot = nullptr; // created by the first watched fiber of the thread

ThreadSlot& this_thread_slot() {
    if (t_slot) return *t_slot;
    auto slot = std::make_shared<ThreadSlot>();
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    r.slots.push_back(slot);
    if (!r.watching) {
        r.watching = true;
        std::thread(watch).detach();
    }
    return *(t_slot = slot.get());
}

} // namespace

StallListener::StallListener() {
    std::lock_guard lock(registry().mutex);
    registry().listeners.insert(this);
}

StallListener::~StallListener() { stop_listening(); }

void StallListener::stop_listening() noexcept {
    std::lock_guard lock(registry().mutex); // held by the watch thread while it reports
    registry().listeners.erase(this);
}

namespace detail {

RunningFiber running_fiber() noexcept {
    if (!t_slot) return {};
    return {t_slot->listener.load(std::memory_order_relaxed), t_slot->since_ns.load(std::memory_order_relaxed)};
}

void mark_running(StallListener* listener) noexcept {
    if (!listener && !t_slot) return;
    ThreadSlot& slot = this_thread_slot();
    slot.since_ns.store(listener ? to_ns(Clock::now()) : 0, std::memory_order_release);
    slot.listener.store(listener, std::memory_order_release);
}

void restore_running(const RunningFiber& before) noexcept {
    if (!t_slot) return;
    t_slot->listener.store(before.listener, std::memory_order_release);
    t_slot->since_ns.store(before.since_ns, std::memory_order_release);
}

} // namespace detail

} // namespace llmhost::fiber
