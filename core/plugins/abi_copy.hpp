// Reading a struct that crossed the ABI from a peer built against another minor version:
// copy the bytes it declares in struct_size into a zero-filled struct of this host's size,
// so fields an older peer did not send read as zero ("absent").
#pragma once

#include <algorithm>
#include <cstring>

namespace llmhost::plugins {

template <class T> T copy_abi_struct(const T* from) noexcept {
    T to{};
    if (!from) return to;
    std::memcpy(&to, from, std::min<size_t>(from->struct_size, sizeof(T)));
    return to;
}

} // namespace llmhost::plugins
