/* Fixture for `plugins check`: its table names it differently from its metadata. It loads;
 * check must warn. */
#include "fixture_plugin.h"

LLMH_PLUGIN_METADATA("{\"name\": \"name_mismatch\", \"version\": \"0.0.1\","
                     " \"providers\": [{\"id\": \"name-mismatch\", \"keyless\": true}]}");

LLMH_EXPORT const llmh_plugin* LLMH_ENTRY_POINT(uint32_t host_abi_minor) {
    (void)host_abi_minor;
    return fixture_table("a_different_name", LLMH_ABI_MAJOR, LLMH_ABI_MINOR, NULL);
}
