/* Fixture: a working entry point but no .llmhost.meta section, so discovery must call it
 * not_a_plugin. */
#include "fixture_plugin.h"

LLMH_EXPORT const llmh_plugin* LLMH_ENTRY_POINT(uint32_t host_abi_minor) {
    (void)host_abi_minor;
    return fixture_table("code_without_metadata", LLMH_ABI_MAJOR, LLMH_ABI_MINOR, NULL);
}
