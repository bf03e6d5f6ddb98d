// The keys clients must present ([server] api_keys). Only SHA-256 digests are kept, and a
// presented key is compared against every digest in constant time, so neither the time taken
// nor the length of a key tells an attacker anything.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace llmhost::gateway {

class ClientKeys {
  public:
    explicit ClientKeys(const std::vector<std::string>& keys);

    bool required() const { return !digests_.empty(); }
    bool accepts(std::string_view presented) const;

  private:
    std::vector<std::array<unsigned char, 32>> digests_;
};

// The key in "Authorization: Bearer <key>" ("" when the header is absent or another scheme).
std::string_view bearer_token(std::string_view authorization);

} // namespace llmhost::gateway
