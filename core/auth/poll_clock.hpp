// Time as the device-code login sees it: "now" and "wait this long". Injected so that tests
// run the flow without waiting, and assert the waits that were asked for.
#pragma once

#include <chrono>
#include <functional>

namespace llmhost::auth {

class PollClock {
  public:
    virtual ~PollClock() = default;
    virtual std::chrono::steady_clock::time_point now() = 0;
    // Returns false when the wait was cut short by a cancellation (Ctrl-C).
    virtual bool sleep_for(std::chrono::milliseconds duration) = 0;
};

// The real clock; sleeps in short slices so that `cancelled` is noticed promptly.
class SystemPollClock final : public PollClock {
  public:
    explicit SystemPollClock(std::function<bool()> cancelled = {}) : cancelled_(std::move(cancelled)) {}
    std::chrono::steady_clock::time_point now() override;
    bool sleep_for(std::chrono::milliseconds duration) override;

  private:
    std::function<bool()> cancelled_;
};

} // namespace llmhost::auth
