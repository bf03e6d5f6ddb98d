/* The library missing_dep links against; built where no search path finds it. It calls into
 * libc so that it has a dependency of its own (tests patch that name to a missing one). */
#define _POSIX_C_SOURCE 200809L
#include <unistd.h>

int llmhost_fixture_dep_answer(void);
int llmhost_fixture_dep_answer(void) { return getpid() > 0 ? 42 : 0; }
