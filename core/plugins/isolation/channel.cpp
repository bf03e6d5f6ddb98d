#include "core/plugins/isolation/channel.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace llmhost::plugins::isolation {

namespace {

constexpr size_t kReadChunk = 64 * 1024;

} // namespace

Channel::~Channel() {
    if (fd_ >= 0) ::close(fd_);
}

bool Channel::send(std::string_view frames) {
    while (open_ && !frames.empty()) {
        const ssize_t n = ::send(fd_, frames.data(), frames.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            open_ = false;
            break;
        }
        frames.remove_prefix(static_cast<size_t>(n));
    }
    return open_;
}

bool Channel::buffered_frame(Frame& frame) {
    const size_t available = end_ - begin_;
    if (available < kFrameHeaderSize) return false;
    uint32_t size = 0;
    std::memcpy(&size, buffer_.data() + begin_, sizeof size);
    if (size > kMaxFramePayload) {
        open_ = false; // not a peer speaking frames
        return false;
    }
    if (available < kFrameHeaderSize + size) return false;
    frame.type = static_cast<FrameType>(static_cast<uint8_t>(buffer_[begin_ + 4]));
    frame.payload = std::string_view(buffer_.data() + begin_ + kFrameHeaderSize, size);
    consumed_ = kFrameHeaderSize + size;
    return true;
}

Channel::ReadResult Channel::fill(std::chrono::milliseconds wait) {
    if (begin_ == end_) begin_ = end_ = 0;
    if (buffer_.size() - end_ < kReadChunk && begin_ > 0) { // keep the unread bytes at the front
        std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    if (buffer_.size() - end_ < kReadChunk) buffer_.resize(end_ + kReadChunk);
    pollfd p{fd_, POLLIN, 0};
    for (;;) {
        const int ready = ::poll(&p, 1, wait.count() < 0 ? -1 : static_cast<int>(wait.count()));
        if (ready < 0 && errno == EINTR) continue;
        if (ready == 0) return ReadResult::timed_out;
        break;
    }
    ssize_t n;
    do {
        n = ::recv(fd_, buffer_.data() + end_, buffer_.size() - end_, MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return ReadResult::timed_out;
    if (n <= 0) {
        open_ = false;
        return ReadResult::closed;
    }
    end_ += static_cast<size_t>(n);
    return ReadResult::frame;
}

Channel::ReadResult Channel::read(Frame& frame, std::chrono::milliseconds wait) {
    begin_ += consumed_;
    consumed_ = 0;
    const auto deadline = std::chrono::steady_clock::now() + wait;
    for (;;) {
        if (buffered_frame(frame)) return ReadResult::frame;
        if (!open_) return ReadResult::closed;
        auto left = wait;
        if (wait.count() >= 0)
            left = std::max(std::chrono::milliseconds(0), std::chrono::duration_cast<std::chrono::milliseconds>(
                                                              deadline - std::chrono::steady_clock::now()));
        const ReadResult r = fill(left);
        if (r == ReadResult::closed) return r;
        if (r == ReadResult::timed_out && wait.count() >= 0 && left.count() == 0) return r;
    }
}

bool Channel::peer_wrote() const {
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
}

bool Channel::readable_now() {
    begin_ += consumed_;
    consumed_ = 0;
    Frame ignored{};
    if (buffered_frame(ignored)) {
        consumed_ = 0; // only looked at
        return true;
    }
    if (!open_) return true;
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
}

} // namespace llmhost::plugins::isolation
