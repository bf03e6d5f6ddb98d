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

#include <llmhost/error.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
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
    const EventStreamHeaderValue* header(std::string_view name) const;
    // A string header's value; "" when absent or of another type.
    std::string_view string_header(std::string_view name) const;
};

namespace event_stream_limits {
inline constexpr size_t prelude_size = 12;              // two lengths and the prelude CRC
inline constexpr size_t overhead = prelude_size + 4;    // ... and the message CRC
inline constexpr size_t max_headers = 128 * 1024;       // as botocore
inline constexpr size_t max_payload = 24 * 1024 * 1024; // as botocore
inline constexpr size_t max_message = overhead + max_headers + max_payload;
} // namespace event_stream_limits

namespace event_stream_detail {

uint32_t read_u32(std::string_view b, size_t at);

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
    [[noreturn]] void fail(const std::string& why) const;

    // The length of the message at the start of `rest` once all of it is there, else 0.
    size_t complete_message_length(std::string_view rest) const;

    EventStreamMessage decode(std::string_view frame) const;

    std::string label_;
    std::string buffer_;
    bool failed_ = false;
};

} // namespace llmhost::bedrock
