// Stacks for fibers: guarded by a no-access page, and kept in a per-thread cache once used,
// so that a request costs neither an mmap nor fresh page faults.
#pragma once

#include "core/fiber/sanitizers.hpp"

#include <boost/context/stack_context.hpp>

#include <cstddef>

namespace llmhost::fiber::detail {

// Large enough for a plugin call: JSON parsing, TLS and the SDK's wrappers, with room to spare
// (sanitizer builds use bigger frames).
#if defined(LLMHOST_ASAN) || defined(LLMHOST_TSAN)
inline constexpr size_t fiber_stack_size = 1024 * 1024;
#else
inline constexpr size_t fiber_stack_size = 256 * 1024;
#endif

// The StackAllocator concept of Boost.Context.
class CachedStack {
  public:
    boost::context::stack_context allocate();
    void deallocate(boost::context::stack_context& stack) noexcept;
};

} // namespace llmhost::fiber::detail
