/* Fixture: metadata with the right header but a provider id of the wrong type. */
#include "fixture_plugin.h"

LLMH_PLUGIN_METADATA("{\"name\": \"bad_metadata\", \"providers\": [{\"id\": 42}]}");

LLMH_EXPORT const llmh_plugin* LLMH_ENTRY_POINT(uint32_t host_abi_minor) {
    (void)host_abi_minor;
    return fixture_table("bad_metadata", LLMH_ABI_MAJOR, LLMH_ABI_MINOR, NULL);
}
