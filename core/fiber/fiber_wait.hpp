// Waiting on a fiber without blocking its thread: timed sleeps, and work handed to a thread
// for code that blocks. Outside a fiber each of these simply blocks the calling thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>

namespace llmhost::fiber {

// Waits `duration`; returns false early once `cancel` is true (on a fiber, whoever sets it
// must also wake the fiber).
bool sleep_for(std::chrono::steady_clock::duration duration, const std::atomic<bool>* cancel);

// Runs `work` on a pool thread while the current fiber waits, and rethrows what it threw.
// Outside a fiber it runs `work` right here.
void run_blocking(const std::function<void()>& work);

// The most threads run_blocking may use at once (default 512); later calls queue.
void set_max_blocking_threads(size_t n);

} // namespace llmhost::fiber
