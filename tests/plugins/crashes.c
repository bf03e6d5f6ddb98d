/* Fixture: a provider whose chat dies of SIGSEGV (a store to a page it may not write). The
 * host cannot survive it in process; it must say which plugin and operation crashed. */
#define _DEFAULT_SOURCE
#include "fixture_plugin.h"

#include <sys/mman.h>

LLMH_PLUGIN_METADATA("{\"name\": \"crashes\", \"version\": \"0.0.1\","
                     " \"providers\": [{\"id\": \"crashes\", \"keyless\": true, \"capabilities\": [\"chat\"]}]}");

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
    (void)host_abi_minor;
    return fixture_chat_table("crashes", crash_chat);
}
