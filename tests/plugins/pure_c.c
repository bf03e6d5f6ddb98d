/* Fixture: a complete provider written in plain C99 against provider_abi.h alone (built with
 * -std=c99 -pedantic -Werror, which also proves the header is valid C99). Keyless; chat
 * emits message_start, two text deltas (the second reports the credential's length and the
 * request's size), usage and finish; list_models answers two models; no embeddings. */
#include <llmhost/provider_abi.h>

#include <stdio.h>

/* Another build of the same plugin (a newer release dropped in) sets it. */
#ifndef FIXTURE_VERSION
#define FIXTURE_VERSION "1.0.0"
#endif
#include <string.h>

LLMH_PLUGIN_METADATA("{\"name\": \"pure_c\", \"version\": \"" FIXTURE_VERSION "\", \"description\": \"C99 fixture\","
                     " \"providers\": [{\"id\": \"pure-c\", \"aliases\": [\"c99\"], \"prefixes\": [\"c99/\"],"
                     " \"keyless\": true, \"default_model\": \"c-small\","
                     " \"capabilities\": [\"chat\", \"streaming\", \"model_listing\"]}]}");

struct llmh_provider {
    const llmh_host_services* services;
};

static llmh_str str(const char* s) {
    llmh_str v;
    v.data = s;
    v.size = strlen(s);
    return v;
}

static int32_t fail(llmh_error* error, int32_t error_class, const char* message) {
    error->error_class = error_class;
    error->http_status = 0;
    error->retry_after_ms = -1;
    snprintf(error->message, sizeof error->message, "%s", message);
    return error_class;
}

static int32_t pc_create(const llmh_host_services* services, llmh_str provider_id, llmh_str config_json,
                         llmh_provider** out, llmh_error* error) {
    llmh_provider* p;
    (void)provider_id;
    (void)config_json;
    p = (llmh_provider*)services->alloc(services->host, sizeof *p);
    if (!p) return fail(error, LLMH_ERR_PLUGIN_INTERNAL, "out of memory");
    p->services = services;
    *out = p;
    return LLMH_OK;
}

static void pc_destroy(llmh_provider* p) { p->services->free(p->services->host, p); }

/* Sends one event; false when the host asked to stop (or cancelled the call). */
static bool emit(llmh_provider* p, const llmh_call_context* call, const llmh_event_sink* sink, llmh_event* e) {
    if (p->services->is_cancelled && p->services->is_cancelled(call)) return false;
    e->struct_size = sizeof *e;
    return sink->on_event(sink->user, e);
}

static int32_t pc_chat(llmh_provider* p, const llmh_call_context* call, llmh_str request_json,
                       const llmh_event_sink* sink, llmh_error* error) {
    llmh_event e;
    char text[96];

    if (p->services->log) p->services->log(p->services->host, LLMH_LOG_DEBUG, str("pure_c: chat"));

    memset(&e, 0, sizeof e);
    e.type = LLMH_EVENT_MESSAGE_START;
    e.id = str("pc-1");
    e.name = str("c-small");
    if (!emit(p, call, sink, &e)) goto stopped;

    memset(&e, 0, sizeof e);
    e.type = LLMH_EVENT_TEXT_DELTA;
    e.text = str("hello from C");
    if (!emit(p, call, sink, &e)) goto stopped;

    snprintf(text, sizeof text, " key=%lu request=%lu", (unsigned long)call->api_key.size,
             (unsigned long)request_json.size);
    memset(&e, 0, sizeof e);
    e.type = LLMH_EVENT_TEXT_DELTA;
    e.text = str(text);
    if (!emit(p, call, sink, &e)) goto stopped;

    memset(&e, 0, sizeof e);
    e.type = LLMH_EVENT_USAGE;
    e.usage.input_tokens = 3;
    e.usage.output_tokens = 2;
    e.usage.cached_input_tokens = -1;
    e.usage.reasoning_tokens = -1;
    if (!emit(p, call, sink, &e)) goto stopped;

    memset(&e, 0, sizeof e);
    e.type = LLMH_EVENT_FINISH;
    e.finish_reason = LLMH_FINISH_STOP;
    if (!emit(p, call, sink, &e)) goto stopped;
    return LLMH_OK;

stopped:
    return fail(error, LLMH_ERR_CANCELLED, "stopped by the host");
}

static int32_t pc_list_models(llmh_provider* p, const llmh_call_context* call, const llmh_json_sink* out,
                              llmh_error* error) {
    (void)p;
    (void)call;
    (void)error;
    out->write(out->user, str("{\"models\":[{\"id\":\"c-small\"},{\"id\":\"c-large\"}]}"));
    return LLMH_OK;
}

static uint32_t pc_capabilities(llmh_provider* p, llmh_str model) {
    (void)p;
    if (model.size == 7 && memcmp(model.data, "c-large", 7) == 0)
        return LLMH_CAP_CHAT | LLMH_CAP_STREAMING | LLMH_CAP_TOOLS;
    return 0;
}

LLMH_EXPORT const llmh_plugin* LLMH_ENTRY_POINT(uint32_t host_abi_minor) {
    static llmh_plugin table;
    (void)host_abi_minor;
    if (table.struct_size == 0) {
        table.abi_major = LLMH_ABI_MAJOR;
        table.abi_minor = LLMH_ABI_MINOR;
        table.name = str("pure_c");
        table.version = str(FIXTURE_VERSION);
        table.init = NULL;
        table.create = pc_create;
        table.destroy = pc_destroy;
        table.chat = pc_chat;
        table.embed = NULL; /* not supported */
        table.list_models = pc_list_models;
        table.capabilities = pc_capabilities;
        table.struct_size = sizeof table;
    }
    return &table;
}
