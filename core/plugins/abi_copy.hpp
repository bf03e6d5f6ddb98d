// Reading a struct that crossed the ABI from a peer built against another minor version:
// copy the bytes it declares in struct_size into a zero-filled struct of this host's size,
// so fields an older peer did not send read as zero ("absent").
#pragma once

#include <llmhost/provider_abi.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

namespace llmhost::plugins {

template <class T> T copy_abi_struct(const T* from) noexcept {
    T to{};
    if (!from) return to;
    std::memcpy(&to, from, std::min<size_t>(from->struct_size, sizeof(T)));
    return to;
}

// An event from a plugin built against an older minor, in this host's layout: what it did
// not send reads as absent.
inline llmh_event upgraded_event(const llmh_event& event) noexcept {
    llmh_event e = copy_abi_struct(&event);
    if (event.struct_size < offsetof(llmh_event, cache_write_tokens) + sizeof e.cache_write_tokens)
        e.cache_write_tokens = -1;
    return e;
}

} // namespace llmhost::plugins
