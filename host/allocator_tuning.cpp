#include "host/allocator_tuning.hpp"

#include <cstdlib>
#include <string_view>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace llmhost::cli {

void keep_freed_memory_for_reuse() {
#if defined(__GLIBC__)
    if (const char* tunables = std::getenv("GLIBC_TUNABLES");
        tunables && std::string_view(tunables).find("malloc.") != std::string_view::npos)
        return;
    // Blocks below 1 MiB (an agent's request and its copies) come from the heap; up to 4 MiB
    // free at a heap's top stays there, per arena. Measured on Claude Code's 69 KB request
    // through the Anthropic face: CPU per request fell from 450 to 115 us. Larger thresholds
    // measured no faster and kept tens of MiB after a burst of oversized upstream lines
    // (e2e.gateway_fault_soak_test).
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    mallopt(M_TRIM_THRESHOLD, 4 << 20);
#endif
}

} // namespace llmhost::cli
