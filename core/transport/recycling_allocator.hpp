// An allocator for the small blocks an HTTP exchange makes and drops (Beast's header fields):
// freed blocks wait on a per-thread list for their size class and are handed out again, so
// the headers of a request cost no malloc once the thread is warm. Stateless: every instance
// compares equal, and a block may be freed on another thread than the one that made it.
#pragma once

#include <cstddef>

namespace llmhost::transport {
namespace recycling_detail {

void* allocate(std::size_t bytes);
void deallocate(void* block, std::size_t bytes) noexcept;

} // namespace recycling_detail

template <class T> class RecyclingAllocator {
  public:
    using value_type = T;

    RecyclingAllocator() noexcept = default;
    template <class U> RecyclingAllocator(const RecyclingAllocator<U>&) noexcept {}

    T* allocate(std::size_t n) { return static_cast<T*>(recycling_detail::allocate(n * sizeof(T))); }
    void deallocate(T* block, std::size_t n) noexcept { recycling_detail::deallocate(block, n * sizeof(T)); }

    template <class U> bool operator==(const RecyclingAllocator<U>&) const noexcept { return true; }
};

} // namespace llmhost::transport
