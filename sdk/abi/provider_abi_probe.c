/* Compiled with -g into a small shared object so that every type of the plugin ABI is in its
 * DWARF; abidw records it as the baseline and abidiff compares a new build against it
 * (sdk/abi/abi-gate.sh). The constants DWARF cannot carry are pinned here instead. */
#include <llmhost/provider_abi.h>

_Static_assert(LLMH_ABI_MAJOR == 1, "the v1 gate checks ABI major 1");
_Static_assert(LLMH_ERROR_MESSAGE_CAPACITY == 1024, "LLMH_ERROR_MESSAGE_CAPACITY is part of v1");
_Static_assert(LLMH_CAP_CHAT == 1u && LLMH_CAP_STREAMING == 2u && LLMH_CAP_TOOLS == 4u &&
                   LLMH_CAP_STRUCTURED_OUTPUT == 8u && LLMH_CAP_EMBEDDINGS == 16u && LLMH_CAP_VISION == 32u &&
                   LLMH_CAP_REASONING == 64u && LLMH_CAP_MODEL_LISTING == 128u,
               "LLMH_CAP_* bits are part of v1");
_Static_assert(LLMH_PLUGIN_COOPERATIVE == 1u, "LLMH_PLUGIN_COOPERATIVE is part of v1");

/* One exported function that reaches every ABI type. */
__attribute__((visibility("default"))) void
llmh_abi_probe(llmh_str* str, llmh_error* error, llmh_error_class error_class, llmh_log_level log_level,
               llmh_header* header, llmh_call_context* call, llmh_http_request* http_request,
               llmh_http_response_handler* http_handler, llmh_host_services* services, llmh_event_type event_type,
               llmh_finish_reason finish_reason, llmh_usage* usage, llmh_event* event, llmh_event_sink* event_sink,
               llmh_json_sink* json_sink, llmh_provider* provider, llmh_plugin* plugin, llmh_plugin_entry_fn entry) {
    (void)str, (void)error, (void)error_class, (void)log_level, (void)header, (void)call, (void)http_request;
    (void)http_handler, (void)services, (void)event_type, (void)finish_reason, (void)usage, (void)event;
    (void)event_sink, (void)json_sink, (void)provider, (void)plugin, (void)entry;
}

/* The entry point as a plugin exports it (its type is llmh_plugin_entry_fn). */
LLMH_EXPORT const llmh_plugin* LLMH_ENTRY_POINT(uint32_t host_abi_minor) {
    (void)host_abi_minor;
    return 0;
}
