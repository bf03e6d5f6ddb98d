// CRC-32 as zlib and the AWS event-stream framing compute it (docs/protocols/bedrock.md): reflected
// polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF. Table-driven, so the plugin
// needs no zlib or Boost.CRC for the few bytes a frame has.
#pragma once

#include <cstdint>
#include <string_view>

namespace llmhost::bedrock {

// Continues a running CRC (start with 0) over `bytes`, so a message can be checked in parts.
uint32_t crc32_update(uint32_t crc, std::string_view bytes) noexcept;

uint32_t crc32(std::string_view bytes) noexcept;

} // namespace llmhost::bedrock
