/* Fixture for `plugins check`: a plugin linked without the SDK's version script, so its helper
 * functions are exported beside the entry point. It loads; check must warn. */
#include "fixture_plugin.h"

LLMH_PLUGIN_METADATA("{\"name\": \"exports_everything\", \"version\": \"0.0.1\","
                     " \"providers\": [{\"id\": \"exports-everything\", \"keyless\": true}]}");

int fixture_parse_helper(int x) { return x + 1; }
int fixture_format_helper(int x) { return x * 2; }

LLMH_EXPORT const llmh_plugin* LLMH_ENTRY_POINT(uint32_t host_abi_minor) {
    (void)host_abi_minor;
    return fixture_table("exports_everything", LLMH_ABI_MAJOR, LLMH_ABI_MINOR, NULL);
}
