#include "core/fiber/fiber_stack.hpp"

#include <boost/context/protected_fixedsize_stack.hpp>

#include <vector>

namespace llmhost::fiber::detail {

namespace {

// Enough for the fibers a busy thread has finished recently; more are unmapped.
constexpr size_t max_cached_stacks = 64;

struct StackCache {
    std::vector<boost::context::stack_context> stacks;
    ~StackCache() {
        boost::context::protected_fixedsize_stack allocator(fiber_stack_size);
        for (auto& stack : stacks)
            allocator.deallocate(stack);
    }
};

StackCache& cache() {
    thread_local StackCache stacks;
    return stacks;
}

} // namespace

boost::context::stack_context CachedStack::allocate() {
    auto& stacks = cache().stacks;
    if (!stacks.empty()) {
        const auto stack = stacks.back();
        stacks.pop_back();
        return stack;
    }
    return boost::context::protected_fixedsize_stack(fiber_stack_size).allocate();
}

void CachedStack::deallocate(boost::context::stack_context& stack) noexcept {
    auto& stacks = cache().stacks;
    if (stacks.size() < max_cached_stacks) {
        try {
            stacks.push_back(stack);
            return;
        } catch (...) {
        }
    }
    boost::context::protected_fixedsize_stack(fiber_stack_size).deallocate(stack);
}

} // namespace llmhost::fiber::detail
