#include "core/gateway/faces/response_id.hpp"

#include <cstdint>
#include <random>

namespace llmhost::gateway {
namespace {

// splitmix64: one cheap 64-bit draw gives ten base-62 characters. Ids only need to be
// unlikely to repeat, so a per-thread generator seeded from the OS is plenty.
uint64_t next_random() {
    thread_local uint64_t state = (uint64_t{std::random_device{}()} << 32) ^ std::random_device{}();
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

} // namespace

std::string random_id(std::string_view prefix, int length) {
    static constexpr char alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    std::string id;
    id.reserve(prefix.size() + static_cast<size_t>(length));
    id += prefix;
    // Six random bits a character; the two values past 61 wrap around, a bias ids can bear.
    uint64_t bits = 0;
    for (int i = 0; i < length; ++i) {
        if (i % 10 == 0) bits = next_random();
        id.push_back(alphabet[(bits & 63) % 62]);
        bits >>= 6;
    }
    return id;
}

} // namespace llmhost::gateway
