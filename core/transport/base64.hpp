// Base64 (RFC 4648 §4, with padding), for the few places the host writes or reads it: proxy
// credentials, base64 embeddings, reasoning state a face hands its client to keep.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace llmhost::transport {

std::string base64_encode(std::string_view bytes);

// nullopt when `text` is not base64.
std::optional<std::string> base64_decode(std::string_view text);

} // namespace llmhost::transport
