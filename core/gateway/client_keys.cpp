#include "core/gateway/client_keys.hpp"

#include <llmhost/http.hpp>

#include <openssl/crypto.h>
#include <openssl/sha.h>

namespace llmhost::gateway {
namespace {

std::array<unsigned char, 32> digest(std::string_view text) {
    std::array<unsigned char, 32> out{};
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), out.data());
    return out;
}

} // namespace

ClientKeys::ClientKeys(const std::vector<std::string>& keys) {
    for (const auto& k : keys)
        digests_.push_back(digest(k));
}

bool ClientKeys::accepts(std::string_view presented) const {
    const auto candidate = digest(presented);
    bool match = false;
    for (const auto& d : digests_) // every key is compared: no early exit
        match |= CRYPTO_memcmp(d.data(), candidate.data(), d.size()) == 0;
    return match;
}

std::string_view bearer_token(std::string_view authorization) {
    constexpr std::string_view scheme = "bearer ";
    if (authorization.size() <= scheme.size() || !iequals(authorization.substr(0, scheme.size()), scheme)) return {};
    auto token = authorization.substr(scheme.size());
    while (!token.empty() && token.front() == ' ')
        token.remove_prefix(1);
    while (!token.empty() && token.back() == ' ')
        token.remove_suffix(1);
    return token;
}

} // namespace llmhost::gateway
