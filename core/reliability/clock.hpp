// Time as the reliability layer sees it: injectable, so backoff and Retry-After tests run
// without sleeping.
#pragma once

#include <atomic>
#include <cstdint>

namespace llmhost::reliability {

class Clock {
  public:
    virtual ~Clock() = default;
    virtual int64_t now_ms() = 0;  // monotonic
    virtual int64_t wall_ms() = 0; // Unix epoch, for HTTP-date Retry-After values
    // Waits `ms`, returning early (false) when `cancel` becomes true.
    virtual bool sleep_ms(int64_t ms, const std::atomic<bool>* cancel) = 0;
    // A value in [0, 1) for backoff jitter.
    virtual double random_unit() = 0;
};

class SystemClock final : public Clock {
  public:
    int64_t now_ms() override;
    int64_t wall_ms() override;
    bool sleep_ms(int64_t ms, const std::atomic<bool>* cancel) override;
    double random_unit() override;
};

} // namespace llmhost::reliability
