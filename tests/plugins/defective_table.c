/* Fixtures whose metadata is fine but whose entry point misbehaves; FIXTURE_DEFECT picks how:
 *   1  returns NULL
 *   2  returns a table whose struct_size is smaller than ABI 1.0's
 *   3  returns a table claiming ABI major 2 although the metadata says 1 */
#include "fixture_plugin.h"

LLMH_PLUGIN_METADATA("{\"name\": \"" FIXTURE_NAME "\", \"version\": \"0.0.1\","
                     " \"providers\": [{\"id\": \"" FIXTURE_NAME "\"}]}");

LLMH_EXPORT const llmh_plugin* LLMH_ENTRY_POINT(uint32_t host_abi_minor) {
    static llmh_plugin shrunk;
    (void)host_abi_minor;
#if FIXTURE_DEFECT == 1
    (void)shrunk;
    (void)fixture_table;
    return NULL;
#elif FIXTURE_DEFECT == 2
    shrunk = *fixture_table(FIXTURE_NAME, LLMH_ABI_MAJOR, LLMH_ABI_MINOR, NULL);
    shrunk.struct_size = 16;
    return &shrunk;
#elif FIXTURE_DEFECT == 3
    (void)shrunk;
    return fixture_table(FIXTURE_NAME, 2, 0, NULL);
#else
#error "FIXTURE_DEFECT must be 1, 2 or 3"
#endif
}
