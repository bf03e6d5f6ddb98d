// Named deadlines, so that a timeout error can say which limit expired and how long it was.
#pragma once

#include <chrono>

namespace llmhost::transport {

struct Deadline {
    using Clock = std::chrono::steady_clock;

    Clock::time_point at = Clock::time_point::max(); // max: never
    const char* name = "";                           // "connect", "total" or "idle"
    std::chrono::milliseconds length{0};

    // A deadline `length` from now; a length <= 0 means no limit.
    static Deadline after(const char* name, std::chrono::milliseconds length) {
        Deadline d;
        d.name = name;
        d.length = length;
        if (length.count() > 0) d.at = Clock::now() + length;
        return d;
    }

    bool expired() const { return at != Clock::time_point::max() && Clock::now() >= at; }
};

inline Deadline earliest(const Deadline& a, const Deadline& b) { return b.at < a.at ? b : a; }

} // namespace llmhost::transport
