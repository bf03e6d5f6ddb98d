/* Fixture: a provider whose chat dies of SIGSEGV (a store to a page it may not write). The
 * host cannot survive it in process; it must say which plugin and operation crashed. */
#define _DEFAULT_SOURCE
#include "fixture_plugin.h"

#include <sys/mman.h>

LLMH_PLUGIN_METADATA("{\"name\": \"crashes\", \"version\": \"0.0.1\","
                     " \"providers\": [{\"id\": \"crashes\", \"keyless\": true, \"capabilities\": [\"chat\"]}]}");

static int32_t crash_create(const llmh_host_services* services, llmh_str provider_id, llmh_str config_json,
                            llmh_provider** out, llmh_error* error) {
    static int instance;
    (void)services;
    (void)provider_id;
    (void)config_json;
    (void)error;
    *out = (llmh_provider*)&instance;
    return LLMH_OK;
}

static int32_t crash_chat(llmh_provider* p, const llmh_call_context* call, llmh_str request_json,
                          const llmh_event_sink* sink, llmh_error* error) {
    volatile char* page = (volatile char*)mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    (void)p;
    (void)call;
    (void)request_json;
    (void)sink;
    if (page != MAP_FAILED) page[0] = 1; /* SIGSEGV */
    fixture_fail(error, LLMH_ERR_PLUGIN_INTERNAL, "the page was writable after all");
    return LLMH_ERR_PLUGIN_INTERNAL;
}

LLMH_EXPORT const llmh_plugin* LLMH_ENTRY_POINT(uint32_t host_abi_minor) {
    llmh_plugin* table = (llmh_plugin*)fixture_table("crashes", LLMH_ABI_MAJOR, LLMH_ABI_MINOR, NULL);
    (void)host_abi_minor;
    table->create = crash_create;
    table->chat = crash_chat;
    return table;
}
