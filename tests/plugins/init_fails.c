/* Fixture: its init refuses to start, with a message the host must pass on. */
#include "fixture_plugin.h"

LLMH_PLUGIN_METADATA("{\"name\": \"init_fails\", \"version\": \"0.0.1\","
                     " \"providers\": [{\"id\": \"init-fails\"}]}");

static int32_t refuse_init(const llmh_host_services* services, llmh_error* error) {
    (void)services;
    fixture_fail(error, LLMH_ERR_INVALID_CONFIG, "the vendor runtime could not be initialised (fixture)");
    return LLMH_ERR_INVALID_CONFIG;
}

LLMH_EXPORT const llmh_plugin* LLMH_ENTRY_POINT(uint32_t host_abi_minor) {
    (void)host_abi_minor;
    return fixture_table("init_fails", LLMH_ABI_MAJOR, LLMH_ABI_MINOR, refuse_init);
}
