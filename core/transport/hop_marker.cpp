#include "core/transport/hop_marker.hpp"

#include <random>
#include <string>

namespace llmhost::transport {

std::string_view this_instance_hop_id() {
    static const std::string id = [] {
        std::random_device entropy;
        const uint64_t value = (static_cast<uint64_t>(entropy()) << 32) ^ entropy();
        static constexpr char hex[] = "0123456789abcdef";
        std::string out(16, '0');
        for (int i = 0; i < 16; ++i)
            out[i] = hex[(value >> (60 - 4 * i)) & 15];
        return out;
    }();
    return id;
}

} // namespace llmhost::transport
