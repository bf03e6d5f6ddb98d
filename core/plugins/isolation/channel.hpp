// One end of a socket between the host and a plugin's child process, carrying frames
// (frames.hpp) both ways: whole-frame writes, and buffered reads with a wait bound.
#pragma once

#include "core/plugins/isolation/frames.hpp"

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmhost::plugins::isolation {

struct Frame {
    FrameType type;
    std::string_view payload; // valid until the next read on the channel
};

class Channel {
  public:
    explicit Channel(int fd) : fd_(fd) {}
    ~Channel();
    Channel(const Channel&) = delete;
    Channel& operator=(const Channel&) = delete;

    int fd() const { return fd_; }
    // False once the peer is gone or sent something that is not a frame.
    bool open() const { return open_; }

    // Writes all of `frames` (whole frames); false when the peer is gone.
    bool send(std::string_view frames);

    enum class ReadResult { frame, timed_out, closed };
    // The next frame, waiting up to `wait` for it (a negative wait: as long as it takes).
    ReadResult read(Frame& frame, std::chrono::milliseconds wait = std::chrono::milliseconds(-1));
    // True when a frame, or the end, can be read without waiting.
    bool readable_now();
    // True when the peer has written something not yet read (or closed its end). Unlike the
    // rest, safe to call from another thread than the one reading.
    bool peer_wrote() const;

  private:
    bool buffered_frame(Frame& frame);
    // Reads what the socket holds (after waiting up to `wait` for something).
    ReadResult fill(std::chrono::milliseconds wait);

    int fd_;
    std::atomic<bool> open_{true}; // send() may run on another thread than read()
    std::vector<char> buffer_;     // grows once to what a frame needs; never shrinks
    size_t begin_ = 0, end_ = 0;   // unread bytes are buffer_[begin_, end_)
    size_t consumed_ = 0;          // the frame handed out last, dropped at the next read
};

} // namespace llmhost::plugins::isolation
