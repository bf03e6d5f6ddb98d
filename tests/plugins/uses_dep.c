/* Fixtures that need libllmhost_fixture_dep.so, which is built into fixtures/deps/ — a
 * directory on no default search path. missing_dep has no RUNPATH, so ld.so cannot find it;
 * dep_via_origin has RUNPATH $ORIGIN/deps, so it can. */
#include "fixture_plugin.h"

int llmhost_fixture_dep_answer(void);

LLMH_PLUGIN_METADATA("{\"name\": \"" FIXTURE_NAME "\", \"version\": \"0.0.1\","
                     " \"providers\": [{\"id\": \"" FIXTURE_ID "\", \"keyless\": true}]}");

LLMH_EXPORT const llmh_plugin* LLMH_ENTRY_POINT(uint32_t host_abi_minor) {
    (void)host_abi_minor;
    return llmhost_fixture_dep_answer() == 42 ? fixture_table(FIXTURE_NAME, LLMH_ABI_MAJOR, LLMH_ABI_MINOR, NULL)
                                              : NULL;
}
