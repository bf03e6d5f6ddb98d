// How the process's allocator treats freed memory while it serves (serve, and run's gateway).
#pragma once

namespace llmhost::cli {

// Keeps freed memory in the allocator for the next request instead of handing it back to the
// kernel at once. glibc's defaults return the top of a thread's heap once a few hundred KiB
// are free and give blocks of 128 KiB and more their own mapping: every agent-size request
// (tens of KB, copied a few times) then faulted its pages in afresh, which cost more than
// everything else the gateway did for it. Leaves the allocator alone when the user tunes it
// with GLIBC_TUNABLES, and does nothing where the C library is not glibc.
void keep_freed_memory_for_reuse();

} // namespace llmhost::cli
