/* Fixture: built for plugin ABI 2.0 (metadata and table), which a 1.x host refuses. */
#include "fixture_plugin.h"

LLMH_PLUGIN_METADATA_WITH_ABI(2, 0,
                              "{\"name\": \"abi_major\", \"version\": \"0.0.1\","
                              " \"providers\": [{\"id\": \"abi-major\"}]}");

LLMH_EXPORT const llmh_plugin* LLMH_ENTRY_POINT(uint32_t host_abi_minor) {
    (void)host_abi_minor;
    return fixture_table("abi_major", 2, 0, NULL);
}
