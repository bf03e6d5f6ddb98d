// Compiles provider_abi.h as C++ with -pedantic; pure_c.c does the same for C99.
#include <llmhost/provider_abi.h>

static_assert(sizeof(llmh_plugin) > 0, "provider_abi.h must be usable from C++");
