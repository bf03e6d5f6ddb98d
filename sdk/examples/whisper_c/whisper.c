/* An example provider plugin in plain C against provider_abi.h alone: it whispers the last
 * user message back in lower case, one word per event. It shows what a C plugin provides:
 * metadata, the table, create/destroy, chat with events, and errors. */
#include "request_text.h"

#include <llmhost/provider_abi.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>

LLMH_PLUGIN_METADATA("{\"name\": \"whisper\", \"version\": \"1.0.0\","
                     " \"description\": \"Example plugin in C: whispers the prompt back\","
                     " \"providers\": [{\"id\": \"whisper\", \"aliases\": [\"hush\"], \"keyless\": true,"
                     " \"default_model\": \"whisper-1\", \"capabilities\": [\"chat\", \"streaming\"],"
                     " \"description\": \"Whispers the last user message\"}]}");

struct llmh_provider {
    const llmh_host_services* services;
};

static llmh_str str(const char* s, size_t n) {
    llmh_str v;
    v.data = s;
    v.size = n;
    return v;
}

static int32_t fail(llmh_error* error, int32_t error_class, const char* message) {
    error->error_class = error_class;
    error->http_status = 0;
    error->retry_after_ms = -1;
    snprintf(error->message, sizeof error->message, "%s", message);
    return error_class;
}

static int32_t whisper_create(const llmh_host_services* services, llmh_str provider_id, llmh_str config_json,
                              llmh_provider** out, llmh_error* error) {
    char option[64];
    llmh_provider* p;
    /* Whisper takes no options: one it was given is a typo the user should hear about. */
    const int has_option = first_option_name(config_json.data, config_json.size, option, sizeof option);
    (void)provider_id;
    if (has_option < 0) return fail(error, LLMH_ERR_INVALID_CONFIG, "the provider configuration is not valid JSON");
    if (has_option > 0) {
        char message[128];
        snprintf(message, sizeof message, "unknown option '%s': whisper takes no options", option);
        return fail(error, LLMH_ERR_INVALID_CONFIG, message);
    }
    p = (llmh_provider*)services->alloc(services->host, sizeof *p);
    if (!p) return fail(error, LLMH_ERR_PLUGIN_INTERNAL, "out of memory");
    p->services = services;
    *out = p;
    return LLMH_OK;
}

static void whisper_destroy(llmh_provider* p) { p->services->free(p->services->host, p); }

/* Sends one event; 0 when the host wants the stream to stop. */
static int emit(const llmh_event_sink* sink, llmh_event* e) {
    e->struct_size = sizeof *e;
    return sink->on_event(sink->user, e);
}

static int32_t whisper_chat(llmh_provider* p, const llmh_call_context* call, llmh_str request_json,
                            const llmh_event_sink* sink, llmh_error* error) {
    char text[4096];
    llmh_event e;
    long length = last_user_text(request_json.data, request_json.size, text, sizeof text);
    long at = 0;
    (void)p;
    (void)call;
    if (length < 0) return fail(error, LLMH_ERR_BAD_REQUEST, "whisper needs a user message");

    memset(&e, 0, sizeof e);
    e.type = LLMH_EVENT_MESSAGE_START;
    e.id = str("whisper-1", 9);
    e.name = str("whisper-1", 9);
    if (!emit(sink, &e)) return LLMH_ERR_CANCELLED;

    while (at < length) { /* one word (and the space after it) per event */
        long end = at;
        while (end < length && text[end] != ' ')
            ++end;
        if (end < length) ++end;
        for (long i = at; i < end; ++i)
            text[i] = (char)tolower((unsigned char)text[i]);
        memset(&e, 0, sizeof e);
        e.type = LLMH_EVENT_TEXT_DELTA;
        e.text = str(text + at, (size_t)(end - at));
        if (!emit(sink, &e)) return LLMH_ERR_CANCELLED;
        at = end;
    }

    memset(&e, 0, sizeof e);
    e.type = LLMH_EVENT_FINISH;
    e.finish_reason = LLMH_FINISH_STOP;
    emit(sink, &e);
    return LLMH_OK;
}

LLMH_EXPORT const llmh_plugin* LLMH_ENTRY_POINT(uint32_t host_abi_minor) {
    static llmh_plugin table;
    (void)host_abi_minor;
    if (table.struct_size == 0) {
        table.abi_major = LLMH_ABI_MAJOR;
        table.abi_minor = LLMH_ABI_MINOR;
        table.name = str("whisper", 7);
        table.version = str("1.0.0", 5);
        table.create = whisper_create;
        table.destroy = whisper_destroy;
        table.chat = whisper_chat;
        table.struct_size = sizeof table;
    }
    return &table;
}
