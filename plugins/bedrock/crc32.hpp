// CRC-32 as zlib and the AWS event-stream framing compute it (docs/protocols/bedrock.md): reflected
// polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF. Table-driven, so the plugin
// needs no zlib or Boost.CRC for the few bytes a frame has.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace llmhost::bedrock {

namespace crc32_detail {

constexpr std::array<uint32_t, 256> make_table() {
    std::array<uint32_t, 256> table{};
    for (uint32_t byte = 0; byte < 256; ++byte) {
        uint32_t crc = byte;
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc & 1u) ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        table[byte] = crc;
    }
    return table;
}

inline constexpr std::array<uint32_t, 256> table = make_table();

} // namespace crc32_detail

// Continues a running CRC (start with 0) over `bytes`, so a message can be checked in parts.
inline uint32_t crc32_update(uint32_t crc, std::string_view bytes) noexcept {
    crc = ~crc;
    for (unsigned char c : bytes)
        crc = crc32_detail::table[(crc ^ c) & 0xFFu] ^ (crc >> 8);
    return ~crc;
}

inline uint32_t crc32(std::string_view bytes) noexcept { return crc32_update(0, bytes); }

} // namespace llmhost::bedrock
