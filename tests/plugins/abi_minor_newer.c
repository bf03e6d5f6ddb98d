/* Fixture: built against a minor version newer than the host's (FIXTURE_NEXT_MINOR is
 * LLMH_ABI_MINOR + 1, computed by CMake because the metadata needs it as a literal). */
#include "fixture_plugin.h"

LLMH_PLUGIN_METADATA_WITH_ABI(LLMH_ABI_MAJOR, FIXTURE_NEXT_MINOR,
                              "{\"name\": \"abi_minor_newer\", \"version\": \"0.0.1\","
                              " \"providers\": [{\"id\": \"abi-minor-newer\"}]}");

LLMH_EXPORT const llmh_plugin* LLMH_ENTRY_POINT(uint32_t host_abi_minor) {
    (void)host_abi_minor;
    return fixture_table("abi_minor_newer", LLMH_ABI_MAJOR, FIXTURE_NEXT_MINOR, NULL);
}
