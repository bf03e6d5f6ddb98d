#include "event_stream_decoder.hpp"

#include "crc32.hpp"

#include <stdexcept>

namespace llmhost::bedrock {

const EventStreamHeaderValue* EventStreamMessage::header(std::string_view name) const {
    for (const auto& h : headers)
        if (h.name == name) return &h.value;
    return nullptr;
}

std::string_view EventStreamMessage::string_header(std::string_view name) const {
    const auto* v = header(name);
    const auto* s = v ? std::get_if<std::string>(v) : nullptr;
    return s ? std::string_view(*s) : std::string_view();
}

uint32_t event_stream_detail::read_u32(std::string_view b, size_t at) {
    return (uint32_t(uint8_t(b[at])) << 24) | (uint32_t(uint8_t(b[at + 1])) << 16) |
           (uint32_t(uint8_t(b[at + 2])) << 8) | uint32_t(uint8_t(b[at + 3]));
}

namespace {

uint64_t read_be(std::string_view b, size_t at, size_t width) {
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

} // namespace

void EventStreamDecoder::fail(const std::string& why) const {
    throw Error(LLMH_ERR_MALFORMED_RESPONSE, label_ + ": " + why);
}

// Validates the prelude as soon as it has arrived, so a corrupt length is never waited for.
size_t EventStreamDecoder::complete_message_length(std::string_view rest) const {
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
        fail("headers length " + std::to_string(headers) + " does not fit in a message of " + std::to_string(total) +
             " bytes");
    if (total - limits::overhead - headers > limits::max_payload) fail("payload exceeds the limit");
    return rest.size() >= total ? total : 0;
}

EventStreamMessage EventStreamDecoder::decode(std::string_view frame) const {
    namespace limits = event_stream_limits;
    const size_t crc_at = frame.size() - 4;
    if (event_stream_detail::read_u32(frame, crc_at) != crc32(frame.substr(0, crc_at)))
        fail("message CRC mismatch (the frame was corrupted)");
    const size_t headers_length = event_stream_detail::read_u32(frame, 4);
    EventStreamMessage message;
    try {
        message.headers = HeaderReader(frame.substr(limits::prelude_size, headers_length)).read_all();
    } catch (const std::out_of_range& e) {
        fail(e.what());
    }
    const size_t payload_at = limits::prelude_size + headers_length;
    message.payload = std::string(frame.substr(payload_at, crc_at - payload_at));
    return message;
}

} // namespace llmhost::bedrock
