/* Fixture: a provider whose upstream answers plain text (its "wire format": the whole body is
 * the reply) and whose events break the event contract, for the conformance kit's replays:
 * FIXTURE_DEFECT 1 never sends FINISH, 2 sends text after FINISH. Recordings:
 * tests/data/recordings/fixtures/plain_text/. */
#include "fixture_plugin.h"

#include <stdlib.h>

#ifndef FIXTURE_DEFECT
#define FIXTURE_DEFECT 1
#endif
#ifndef FIXTURE_NAME
#define FIXTURE_NAME "no_finish"
#endif

LLMH_PLUGIN_METADATA("{\"name\": \"" FIXTURE_NAME "\", \"version\": \"0.0.1\","
                     " \"providers\": [{\"id\": \"" FIXTURE_NAME "\", \"keyless\": true,"
                     " \"base_url\": \"http://fixture.invalid\", \"capabilities\": [\"chat\"]}]}");

static const llmh_host_services* host;

static int32_t contract_create(const llmh_host_services* services, llmh_str provider_id, llmh_str config_json,
                               llmh_provider** out, llmh_error* error) {
    static int instance;
    (void)provider_id;
    (void)config_json;
    (void)error;
    host = services;
    *out = (llmh_provider*)&instance;
    return LLMH_OK;
}

typedef struct body {
    int32_t status;
    char text[4096];
    size_t size;
} body;

static bool on_head(void* user, int32_t status, const llmh_header* headers, size_t count) {
    (void)headers;
    (void)count;
    ((body*)user)->status = status;
    return true;
}

static bool on_body(void* user, llmh_str chunk) {
    body* b = (body*)user;
    if (b->size + chunk.size > sizeof b->text) return false;
    memcpy(b->text + b->size, chunk.data, chunk.size);
    b->size += chunk.size;
    return true;
}

static void send(const llmh_event_sink* sink, int32_t type, const char* text, size_t size, int32_t finish) {
    llmh_event e;
    memset(&e, 0, sizeof e);
    e.struct_size = sizeof e;
    e.type = type;
    e.text.data = text;
    e.text.size = size;
    e.finish_reason = finish;
    e.cache_write_tokens = -1;
    sink->on_event(sink->user, &e);
}

static int32_t contract_chat(llmh_provider* p, const llmh_call_context* call, llmh_str request_json,
                             const llmh_event_sink* sink, llmh_error* error) {
    static const char url[] = "http://fixture.invalid/chat";
    llmh_http_request request;
    llmh_http_response_handler handler;
    body b;
    int32_t rc;
    (void)p;
    memset(&request, 0, sizeof request);
    request.struct_size = sizeof request;
    request.method.data = "POST";
    request.method.size = 4;
    request.url.data = url;
    request.url.size = sizeof url - 1;
    request.body = request_json;
    memset(&handler, 0, sizeof handler);
    handler.struct_size = sizeof handler;
    memset(&b, 0, sizeof b);
    handler.user = &b;
    handler.on_head = on_head;
    handler.on_body = on_body;
    rc = host->http_request(call, &request, &handler, error);
    if (rc != LLMH_OK) return rc;
    if (b.status != 200) {
        fixture_fail(error, LLMH_ERR_SERVER, "the upstream answered an error");
        error->http_status = b.status;
        return LLMH_ERR_SERVER;
    }
    send(sink, LLMH_EVENT_MESSAGE_START, NULL, 0, 0);
    send(sink, LLMH_EVENT_TEXT_DELTA, b.text, b.size, 0);
#if FIXTURE_DEFECT == 2
    send(sink, LLMH_EVENT_FINISH, NULL, 0, LLMH_FINISH_STOP);
    send(sink, LLMH_EVENT_TEXT_DELTA, "!", 1, 0);
#endif
    return LLMH_OK;
}

LLMH_EXPORT const llmh_plugin* LLMH_ENTRY_POINT(uint32_t host_abi_minor) {
    llmh_plugin* table = (llmh_plugin*)fixture_chat_table(FIXTURE_NAME, contract_chat);
    (void)host_abi_minor;
    table->create = contract_create;
    return table;
}
