// Threads for provider calls. A plugin call blocks its thread for the whole exchange (a
// stream may last minutes), so concurrency needs one thread per call in flight: the pool
// grows on demand up to `max_threads`, and threads idle for a while exit again. Tasks wait
// in a queue when every thread is busy.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>

namespace llmhost::gateway {

class WorkerPool {
  public:
    WorkerPool(size_t max_threads, std::chrono::milliseconds idle_exit = std::chrono::seconds(30));
    ~WorkerPool(); // waits for queued and running tasks
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

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

} // namespace llmhost::gateway
