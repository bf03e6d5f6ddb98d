// Incremental decoder of `application/vnd.amazon.eventstream` (docs/protocols/bedrock.md, "ConverseStream framing"):
// binary messages of
//
//   total_length u32 | headers_length u32 | prelude_crc u32 | headers | payload | message_crc u32
//
// (big-endian), fed with body bytes split anywhere. Both CRCs are checked before anything in a
// message is trusted, and lengths are bounded before any byte is buffered for them, so a
// corrupt or hostile stream ends in Error(LLMH_ERR_MALFORMED_RESPONSE), never in a crash or a
// huge allocation.
#pragma once

#include "crc32.hpp"

#include <llmhost/error.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace llmhost::bedrock {

// Header value types, numbered as on the wire.
enum class EventStreamHeaderType : uint8_t {
    bool_true = 0,
    bool_false = 1,
    byte = 2,
    int16 = 3,
    int32 = 4,
    int64 = 5,
    byte_array = 6,
    string = 7,
    timestamp = 8,
    uuid = 9,
};

struct EventStreamBytes {
    std::string bytes;
    bool operator==(const EventStreamBytes&) const = default;
};
struct EventStreamTimestamp {
    int64_t ms_since_epoch = 0;
    bool operator==(const EventStreamTimestamp&) const = default;
};
struct EventStreamUuid {
    std::array<uint8_t, 16> bytes{};
    bool operator==(const EventStreamUuid&) const = default;
};

// One alternative per wire type; both bool types decode to `bool`.
using EventStreamHeaderValue = std::variant<bool, int8_t, int16_t, int32_t, int64_t, EventStreamBytes, std::string,
                                            EventStreamTimestamp, EventStreamUuid>;

struct EventStreamHeader {
    std::string name;
    EventStreamHeaderValue value;
};

struct EventStreamMessage {
    std::vector<EventStreamHeader> headers;
    std::string payload;

    // The first header named `name`, or nullptr.
    const EventStreamHeaderValue* header(std::string_view name) const {
        for (const auto& h : headers)
            if (h.name == name) return &h.value;
        return nullptr;
    }
    // A string header's value; "" when absent or of another type.
    std::string_view string_header(std::string_view name) const {
        const auto* v = header(name);
        const auto* s = v ? std::get_if<std::string>(v) : nullptr;
        return s ? std::string_view(*s) : std::string_view();
    }
};

namespace event_stream_limits {
inline constexpr size_t prelude_size = 12;              // two lengths and the prelude CRC
inline constexpr size_t overhead = prelude_size + 4;    // ... and the message CRC
inline constexpr size_t max_headers = 128 * 1024;       // as botocore
inline constexpr size_t max_payload = 24 * 1024 * 1024; // as botocore
inline constexpr size_t max_message = overhead + max_headers + max_payload;
} // namespace event_stream_limits

namespace event_stream_detail {

inline uint32_t read_u32(std::string_view b, size_t at) {
    return (uint32_t(uint8_t(b[at])) << 24) | (uint32_t(uint8_t(b[at + 1])) << 16) |
           (uint32_t(uint8_t(b[at + 2])) << 8) | uint32_t(uint8_t(b[at + 3]));
}

inline uint64_t read_be(std::string_view b, size_t at, size_t width) {
    uint64_t v = 0;
    for (size_t i = 0; i < width; ++i)
        v = (v << 8) | uint8_t(b[at + i]);
    return v;
}

// Reads the header block of a message whose CRCs already matched.
class HeaderReader {
  public:
    explicit HeaderReader(std::string_view block) : block_(block) {}

    std::vector<EventStreamHeader> read_all() {
        std::vector<EventStreamHeader> headers;
        while (at_ < block_.size()) {
            EventStreamHeader h;
            const size_t name_length = take(1, "header name length")[0] & 0xFFu;
            h.name = std::string(take(name_length, "header name"));
            name_ = h.name;
            h.value = read_value(static_cast<uint8_t>(take(1, "header value type")[0]));
            headers.push_back(std::move(h));
        }
        return headers;
    }

  private:
    EventStreamHeaderValue read_value(uint8_t type) {
        switch (static_cast<EventStreamHeaderType>(type)) {
        case EventStreamHeaderType::bool_true: return true;
        case EventStreamHeaderType::bool_false: return false;
        case EventStreamHeaderType::byte: return static_cast<int8_t>(integer(1));
        case EventStreamHeaderType::int16: return static_cast<int16_t>(integer(2));
        case EventStreamHeaderType::int32: return static_cast<int32_t>(integer(4));
        case EventStreamHeaderType::int64: return static_cast<int64_t>(integer(8));
        case EventStreamHeaderType::byte_array: return EventStreamBytes{std::string(sized("byte array"))};
        case EventStreamHeaderType::string: return std::string(sized("string"));
        case EventStreamHeaderType::timestamp: return EventStreamTimestamp{static_cast<int64_t>(integer(8))};
        case EventStreamHeaderType::uuid: {
            EventStreamUuid u;
            const auto raw = take(16, "uuid");
            for (size_t i = 0; i < 16; ++i)
                u.bytes[i] = static_cast<uint8_t>(raw[i]);
            return u;
        }
        }
        throw std::out_of_range("header '" + name_ + "' has unknown value type " + std::to_string(type));
    }

    uint64_t integer(size_t width) { return read_be(take(width, "integer value"), 0, width); }

    std::string_view sized(const char* what) {
        const size_t length = static_cast<size_t>(read_be(take(2, what), 0, 2));
        return take(length, what);
    }

    std::string_view take(size_t n, const char* what) {
        if (n > block_.size() - at_)
            throw std::out_of_range(std::string("a header's ") + what + " runs past the end of the header block");
        const auto out = block_.substr(at_, n);
        at_ += n;
        return out;
    }

    std::string_view block_;
    size_t at_ = 0;
    std::string name_; // of the header being read, for error messages
};

} // namespace event_stream_detail

class EventStreamDecoder {
  public:
    // `label` starts every error message ("bedrock: event stream").
    explicit EventStreamDecoder(std::string label = "event stream") : label_(std::move(label)) {}

    // Feeds body bytes; on_message(EventStreamMessage&&) runs for each complete message, in
    // order. Throws Error(LLMH_ERR_MALFORMED_RESPONSE) on a corrupt stream, and again on any
    // later feed (a stream is not resynchronised after corruption).
    template <class OnMessage> void feed(std::string_view bytes, OnMessage&& on_message) {
        if (failed_) fail("the stream already failed");
        buffer_.append(bytes);
        size_t at = 0;
        try {
            while (true) {
                const std::string_view rest = std::string_view(buffer_).substr(at);
                const size_t total = complete_message_length(rest);
                if (total == 0) break;
                EventStreamMessage message = decode(rest.substr(0, total));
                at += total;
                on_message(std::move(message));
            }
        } catch (const Error&) {
            failed_ = true;
            throw;
        }
        buffer_.erase(0, at);
    }

    // Bytes of a message that has not fully arrived.
    bool has_partial_message() const { return !buffer_.empty(); }

  private:
    [[noreturn]] void fail(const std::string& why) const {
        throw Error(LLMH_ERR_MALFORMED_RESPONSE, label_ + ": " + why);
    }

    // The length of the message at the start of `rest` once all of it is there, else 0.
    // Validates the prelude as soon as it has arrived, so a corrupt length is never waited for.
    size_t complete_message_length(std::string_view rest) const {
        namespace limits = event_stream_limits;
        if (rest.size() < limits::prelude_size) return 0;
        const uint32_t total = event_stream_detail::read_u32(rest, 0);
        const uint32_t headers = event_stream_detail::read_u32(rest, 4);
        const uint32_t prelude_crc = event_stream_detail::read_u32(rest, 8);
        const uint32_t computed = crc32(rest.substr(0, 8));
        if (prelude_crc != computed) fail("prelude CRC mismatch (corrupt or misaligned frame)");
        if (total < limits::overhead) fail("message length " + std::to_string(total) + " is below the minimum of 16");
        if (total > limits::max_message) fail("message length " + std::to_string(total) + " exceeds the limit");
        if (headers > limits::max_headers) fail("headers length " + std::to_string(headers) + " exceeds the limit");
        if (headers > total - limits::overhead)
            fail("headers length " + std::to_string(headers) + " does not fit in a message of " +
                 std::to_string(total) + " bytes");
        if (total - limits::overhead - headers > limits::max_payload) fail("payload exceeds the limit");
        return rest.size() >= total ? total : 0;
    }

    EventStreamMessage decode(std::string_view frame) const {
        namespace limits = event_stream_limits;
        const size_t crc_at = frame.size() - 4;
        if (event_stream_detail::read_u32(frame, crc_at) != crc32(frame.substr(0, crc_at)))
            fail("message CRC mismatch (the frame was corrupted)");
        const size_t headers_length = event_stream_detail::read_u32(frame, 4);
        EventStreamMessage message;
        try {
            message.headers =
                event_stream_detail::HeaderReader(frame.substr(limits::prelude_size, headers_length)).read_all();
        } catch (const std::out_of_range& e) {
            fail(e.what());
        }
        const size_t payload_at = limits::prelude_size + headers_length;
        message.payload = std::string(frame.substr(payload_at, crc_at - payload_at));
        return message;
    }

    std::string label_;
    std::string buffer_;
    bool failed_ = false;
};

} // namespace llmhost::bedrock
