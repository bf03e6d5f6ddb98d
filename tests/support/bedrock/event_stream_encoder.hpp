// Encodes `application/vnd.amazon.eventstream` messages (the bedrock plugin itself only
// decodes), so unit tests, the mock upstreams of the integration and end-to-end tests can speak
// the format byte for byte.
#pragma once

#include "plugins/bedrock/crc32.hpp"
#include "plugins/bedrock/event_stream_decoder.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace llmhost::bedrock::testing {

inline void put_be(std::string& out, uint64_t value, int width) {
    for (int i = width - 1; i >= 0; --i)
        out.push_back(static_cast<char>((value >> (8 * i)) & 0xFFu));
}

inline std::string encode_header(const EventStreamHeader& h) {
    std::string out;
    out.push_back(static_cast<char>(h.name.size()));
    out += h.name;
    std::visit(
        [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            auto type = [&](EventStreamHeaderType t) { out.push_back(static_cast<char>(t)); };
            if constexpr (std::is_same_v<T, bool>) {
                type(v ? EventStreamHeaderType::bool_true : EventStreamHeaderType::bool_false);
            } else if constexpr (std::is_same_v<T, int8_t>) {
                type(EventStreamHeaderType::byte);
                put_be(out, static_cast<uint8_t>(v), 1);
            } else if constexpr (std::is_same_v<T, int16_t>) {
                type(EventStreamHeaderType::int16);
                put_be(out, static_cast<uint16_t>(v), 2);
            } else if constexpr (std::is_same_v<T, int32_t>) {
                type(EventStreamHeaderType::int32);
                put_be(out, static_cast<uint32_t>(v), 4);
            } else if constexpr (std::is_same_v<T, int64_t>) {
                type(EventStreamHeaderType::int64);
                put_be(out, static_cast<uint64_t>(v), 8);
            } else if constexpr (std::is_same_v<T, EventStreamBytes>) {
                type(EventStreamHeaderType::byte_array);
                put_be(out, v.bytes.size(), 2);
                out += v.bytes;
            } else if constexpr (std::is_same_v<T, std::string>) {
                type(EventStreamHeaderType::string);
                put_be(out, v.size(), 2);
                out += v;
            } else if constexpr (std::is_same_v<T, EventStreamTimestamp>) {
                type(EventStreamHeaderType::timestamp);
                put_be(out, static_cast<uint64_t>(v.ms_since_epoch), 8);
            } else {
                type(EventStreamHeaderType::uuid);
                for (uint8_t b : v.bytes)
                    out.push_back(static_cast<char>(b));
            }
        },
        h.value);
    return out;
}

// One whole message with both CRCs.
inline std::string encode_message(const std::vector<EventStreamHeader>& headers, std::string_view payload) {
    std::string header_block;
    for (const auto& h : headers)
        header_block += encode_header(h);
    std::string out;
    put_be(out, 16 + header_block.size() + payload.size(), 4);
    put_be(out, header_block.size(), 4);
    put_be(out, crc32(out), 4);
    out += header_block;
    out += payload;
    put_be(out, crc32(out), 4);
    return out;
}

// A ConverseStream event, headers in the order Bedrock's own frames use (docs/protocols/bedrock.md).
inline std::string event_frame(std::string_view event_type, std::string_view json_payload) {
    return encode_message({{":event-type", std::string(event_type)},
                           {":content-type", std::string("application/json")},
                           {":message-type", std::string("event")}},
                          json_payload);
}

inline std::string exception_frame(std::string_view exception_type, std::string_view json_payload) {
    return encode_message({{":exception-type", std::string(exception_type)},
                           {":content-type", std::string("application/json")},
                           {":message-type", std::string("exception")}},
                          json_payload);
}

inline std::string error_frame(std::string_view code, std::string_view message) {
    return encode_message({{":error-code", std::string(code)},
                           {":error-message", std::string(message)},
                           {":message-type", std::string("error")}},
                          {});
}

} // namespace llmhost::bedrock::testing
