#include "core/transport/recycling_allocator.hpp"

#include <array>
#include <new>

namespace llmhost::transport::recycling_detail {
namespace {

constexpr std::size_t class_bytes = 64; // blocks are rounded up to a multiple of this
constexpr std::size_t classes = 8;      // so up to 512 bytes are recycled; larger go to the heap
constexpr std::size_t max_kept = 128;   // per class and thread: a burst does not pin memory

struct FreeBlock {
    FreeBlock* next;
};

struct FreeLists {
    std::array<FreeBlock*, classes> heads{};
    std::array<std::size_t, classes> counts{};

    bool gone = false; // the thread is ending: blocks go straight to the heap from now on

    ~FreeLists() {
        gone = true;
        for (std::size_t c = 0; c < classes; ++c) {
            while (FreeBlock* head = heads[c]) {
                heads[c] = head->next;
                ::operator delete(head);
            }
            counts[c] = 0;
        }
    }
};

thread_local FreeLists lists;

std::size_t class_of(std::size_t bytes) { return (bytes + class_bytes - 1) / class_bytes - 1; }

} // namespace

// Under AddressSanitizer every block goes back to the heap, so that a use after free is still
// caught rather than hidden by a recycled block.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool recycle = false;
#else
constexpr bool recycle = true;
#endif

void* allocate(std::size_t bytes) {
    if (!recycle || bytes == 0 || bytes > class_bytes * classes || lists.gone) return ::operator new(bytes);
    const std::size_t c = class_of(bytes);
    if (FreeBlock* block = lists.heads[c]) {
        lists.heads[c] = block->next;
        --lists.counts[c];
        return block;
    }
    return ::operator new((c + 1) * class_bytes);
}

void deallocate(void* block, std::size_t bytes) noexcept {
    if (!block) return;
    if (!recycle || bytes == 0 || bytes > class_bytes * classes || lists.gone) return ::operator delete(block);
    const std::size_t c = class_of(bytes);
    if (lists.counts[c] >= max_kept) return ::operator delete(block);
    lists.heads[c] = new (block) FreeBlock{lists.heads[c]};
    ++lists.counts[c];
}

} // namespace llmhost::transport::recycling_detail
