/* Fixture: a provider whose chat calls exit(0), as a careless port of a command-line tool
 * might. Without the host noticing, the CLI would end with status 0 and no reply. */
#include "fixture_plugin.h"

#include <stdlib.h>

LLMH_PLUGIN_METADATA("{\"name\": \"exits\", \"version\": \"0.0.1\","
                     " \"providers\": [{\"id\": \"exits\", \"keyless\": true, \"capabilities\": [\"chat\"]}]}");

static int32_t exits_chat(llmh_provider* p, const llmh_call_context* call, llmh_str request_json,
                          const llmh_event_sink* sink, llmh_error* error) {
    (void)p;
    (void)call;
    (void)request_json;
    (void)sink;
    (void)error;
    exit(0);
}

LLMH_EXPORT const llmh_plugin* LLMH_ENTRY_POINT(uint32_t host_abi_minor) {
    (void)host_abi_minor;
    return fixture_chat_table("exits", exits_chat);
}
