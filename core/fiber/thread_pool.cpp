#include "core/fiber/thread_pool.hpp"

#include <thread>

namespace llmhost::fiber {

ThreadPool::ThreadPool(size_t max_threads, std::chrono::milliseconds idle_exit)
    : max_threads_(max_threads ? max_threads : 1), idle_exit_(idle_exit) {}

ThreadPool::~ThreadPool() {
    std::unique_lock lock(mutex_);
    stopping_ = true;
    work_.notify_all();
    all_exited_.wait(lock, [this] { return threads_ == 0; });
}

void ThreadPool::submit(std::function<void()> task) {
    std::unique_lock lock(mutex_);
    queue_.push_back(std::move(task));
    if (idle_ > queue_.size() - 1) { // someone is waiting for work
        lock.unlock();               // woken while we still held the lock, it would block on it at once
        work_.notify_one();
        return;
    }
    if (threads_ < max_threads_) {
        ++threads_;
        // Detached: a thread leaves on its own after idling, and the destructor waits for
        // the count to reach zero instead of joining.
        std::thread([this] { run(); }).detach();
    }
}

void ThreadPool::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        if (queue_.empty()) {
            if (stopping_) break;
            ++idle_;
            const bool woken = work_.wait_for(lock, idle_exit_, [this] { return !queue_.empty() || stopping_; });
            --idle_;
            if (!woken) break; // idle for long enough: give the thread back
            continue;
        }
        auto task = std::move(queue_.front());
        queue_.pop_front();
        lock.unlock();
        try {
            task();
        } catch (...) { // tasks report their own failures; one that escapes must not end the process
        }
        task = nullptr; // release what the task captured before taking the lock again
        lock.lock();
    }
    --threads_;
    if (threads_ == 0) all_exited_.notify_all(); // under the lock: the destructor cannot finish before this returns
}

} // namespace llmhost::fiber
