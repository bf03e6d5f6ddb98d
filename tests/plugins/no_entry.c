/* Fixture: llmhost metadata, but no entry point ("metadata without code"). */
#include <llmhost/provider_abi.h>

LLMH_PLUGIN_METADATA("{\"name\": \"no_entry\", \"version\": \"0.0.1\","
                     " \"providers\": [{\"id\": \"no-entry\", \"capabilities\": [\"chat\"]}]}");
