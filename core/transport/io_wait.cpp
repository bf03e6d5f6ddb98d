#include "core/transport/io_wait.hpp"

#include <algorithm>

namespace llmhost::transport {

WaitResult wait_for(boost::asio::io_context& io, const bool& completed, const Deadline& deadline,
                    const CancelCheck& cancelled) {
    while (!completed) {
        if (cancelled && cancelled()) return WaitResult::cancelled;
        const auto now = Deadline::Clock::now();
        if (now >= deadline.at) return WaitResult::timed_out;
        const auto slice = std::min<Deadline::Clock::duration>(deadline.at - now, cancel_poll_interval);
        if (io.stopped()) io.restart();
        io.run_one_for(slice);
    }
    return WaitResult::completed;
}

} // namespace llmhost::transport
