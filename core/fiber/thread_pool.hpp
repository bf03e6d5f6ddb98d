// Threads for work that blocks its thread, such as a call into a plugin that does not let its
// calls share a thread (a stream may last minutes), so concurrency needs one thread per such
// call in flight: the pool grows on demand up to `max_threads`, and threads idle for a while
// exit again. Tasks wait in a queue when every thread is busy.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>

namespace llmhost::fiber {

class ThreadPool {
  public:
    ThreadPool(size_t max_threads, std::chrono::milliseconds idle_exit = std::chrono::seconds(30));
    ~ThreadPool(); // waits for queued and running tasks
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    void submit(std::function<void()> task);

  private:
    void run();

    const size_t max_threads_;
    const std::chrono::milliseconds idle_exit_;
    std::mutex mutex_;
    std::condition_variable work_;
    std::condition_variable all_exited_;
    std::deque<std::function<void()>> queue_;
    size_t threads_ = 0;
    size_t idle_ = 0;
    bool stopping_ = false;
};

} // namespace llmhost::fiber
