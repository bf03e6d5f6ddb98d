#include "crc32.hpp"

#include <array>
#include <cstddef>

namespace llmhost::bedrock {

namespace {

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

constexpr std::array<uint32_t, 256> table = make_table();

} // namespace

uint32_t crc32_update(uint32_t crc, std::string_view bytes) noexcept {
    crc = ~crc;
    for (unsigned char c : bytes)
        crc = table[(crc ^ c) & 0xFFu] ^ (crc >> 8);
    return ~crc;
}

uint32_t crc32(std::string_view bytes) noexcept { return crc32_update(0, bytes); }

} // namespace llmhost::bedrock
