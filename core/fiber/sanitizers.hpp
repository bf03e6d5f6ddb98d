// Which sanitizer this translation unit is built with: GCC says so with __SANITIZE_*__, clang
// only through __has_feature. The fibers must tell ASan and TSan about their stack switches.
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define LLMHOST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LLMHOST_ASAN 1
#endif
#endif

#if defined(__SANITIZE_THREAD__)
#define LLMHOST_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define LLMHOST_TSAN 1
#endif
#endif
