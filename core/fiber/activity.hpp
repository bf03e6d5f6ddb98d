// What the running code is doing, as "subject, action" ("plugin 'openai'", "chat"), for the
// fatal-signal report: kept per thread and, on a fiber, per fiber (a fiber that waits inside
// a plugin call takes its label with it while other fibers use the thread).
#pragma once

namespace llmhost::fiber {

// Both strings must outlive the activity (string literals, or names owned by long-lived objects).
struct Activity {
    const char* subject = nullptr;
    const char* action = nullptr;
};

// The calling thread's current activity; safe to read from a signal handler on that thread.
Activity current_activity() noexcept;

// Labels what the calling code does until it goes out of scope.
class ActivityScope {
  public:
    ActivityScope(const char* subject, const char* action) noexcept;
    ~ActivityScope();
    ActivityScope(const ActivityScope&) = delete;
    ActivityScope& operator=(const ActivityScope&) = delete;

  private:
    Activity outer_;
};

namespace detail {
// For fiber switches (fiber.cpp): swaps the thread's activity with `other`.
void swap_activity(Activity& other) noexcept;
} // namespace detail

} // namespace llmhost::fiber
