/* A do-nothing plugin table for C fixtures whose point is elsewhere (metadata, ABI versions,
 * init): create refuses, everything else is absent. fixture_chat_table: the same with a chat
 * and a create that works, for fixtures whose point is what their chat does. */
#ifndef LLMHOST_FIXTURE_PLUGIN_H
#define LLMHOST_FIXTURE_PLUGIN_H

#include <llmhost/provider_abi.h>

#include <stdio.h>
#include <string.h>

static void fixture_fail(llmh_error* error, int32_t error_class, const char* message) {
    if (!error) return;
    error->error_class = error_class;
    error->http_status = 0;
    error->retry_after_ms = -1;
    snprintf(error->message, sizeof error->message, "%s", message);
}

static int32_t fixture_create(const llmh_host_services* services, llmh_str provider_id, llmh_str config_json,
                              llmh_provider** out, llmh_error* error) {
    (void)services;
    (void)provider_id;
    (void)config_json;
    (void)out;
    fixture_fail(error, LLMH_ERR_UNSUPPORTED, "this fixture creates no providers");
    return LLMH_ERR_UNSUPPORTED;
}

/* For fixtures whose point is in chat: creates a provider that needs no state. */
static inline int32_t fixture_create_stateless(const llmh_host_services* services, llmh_str provider_id,
                                               llmh_str config_json, llmh_provider** out, llmh_error* error) {
    static int instance;
    (void)services;
    (void)provider_id;
    (void)config_json;
    (void)error;
    *out = (llmh_provider*)&instance;
    return LLMH_OK;
}

static const llmh_plugin* fixture_table(const char* name, uint32_t abi_major, uint32_t abi_minor,
                                        int32_t (*init)(const llmh_host_services*, llmh_error*)) {
    static llmh_plugin table;
    memset(&table, 0, sizeof table);
    table.struct_size = sizeof table;
    table.abi_major = abi_major;
    table.abi_minor = abi_minor;
    table.name.data = name;
    table.name.size = strlen(name);
    table.version.data = "0.0.1";
    table.version.size = 5;
    table.init = init;
    table.create = fixture_create;
    return &table;
}

/* The table with `chat` and a stateless create, for fixtures whose point is in chat. */
static inline const llmh_plugin* fixture_chat_table(const char* name,
                                                    int32_t (*chat)(llmh_provider*, const llmh_call_context*, llmh_str,
                                                                    const llmh_event_sink*, llmh_error*)) {
    llmh_plugin* table = (llmh_plugin*)fixture_table(name, LLMH_ABI_MAJOR, LLMH_ABI_MINOR, NULL);
    table->create = fixture_create_stateless;
    table->chat = chat;
    return table;
}

#endif
