// Drives an io_context on the calling thread until one asynchronous operation completes,
// checking a deadline and a cancellation callback in between. This is what keeps every
// exchange (and every plugin callback it triggers) on the caller's thread.
#pragma once

#include "core/transport/deadline.hpp"

#include <boost/asio/io_context.hpp>

#include <functional>

namespace llmhost::transport {

using CancelCheck = std::function<bool()>;

// How often `cancelled` is polled; bounds the cancellation latency.
inline constexpr std::chrono::milliseconds cancel_poll_interval{10};

enum class WaitResult { completed, timed_out, cancelled };

// Runs `io` until `completed` becomes true, `deadline` passes or `cancelled()` returns true.
WaitResult wait_for(boost::asio::io_context& io, const bool& completed, const Deadline& deadline,
                    const CancelCheck& cancelled);

} // namespace llmhost::transport
