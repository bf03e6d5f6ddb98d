/* An example provider plugin in C for an OpenAI-compatible chat service ("Acme"): streamed and
 * whole answers, tool calls, typed errors with Retry-After. The translation, the stream
 * decoding and the error mapping are the SDK's own, through the optional C helpers
 * (llmhost/c/helpers.h); the HTTP exchange goes through the host's http_request service. */
#include <llmhost/c/helpers.h>
#include <llmhost/provider_abi.h>

#include <stdlib.h>

LLMH_PLUGIN_METADATA("{\"name\": \"acme\", \"version\": \"1.0.0\","
                     " \"description\": \"Example plugin in C: an OpenAI-compatible chat service\","
                     " \"providers\": [{\"id\": \"acme\", \"aliases\": [\"acme-c\"],"
                     " \"base_url\": \"https://api.acme.example/v1\", \"key_env\": [\"ACME_API_KEY\"],"
                     " \"default_model\": \"acme-1\", \"capabilities\": [\"chat\", \"streaming\", \"tools\"],"
                     " \"description\": \"Acme's OpenAI-compatible chat API\"}]}");

struct llmh_provider {
    const llmh_host_services* services;
    llmhc_config* config;
    llmh_str organization; /* the `organization` option, sent as OpenAI-Organization */
};

static const char* const known_options[] = {"organization"};

static int32_t acme_create(const llmh_host_services* services, llmh_str provider_id, llmh_str config_json,
                           llmh_provider** out, llmh_error* error) {
    int32_t rc;
    llmh_provider* p;
    llmhc_config* config = llmhc_config_parse(provider_id, config_json, known_options,
                                              sizeof known_options / sizeof *known_options, error);
    if (!config) return error->error_class;
    p = (llmh_provider*)calloc(1, sizeof *p);
    if (!p) {
        llmhc_config_free(config);
        return llmhc_fail(error, LLMH_ERR_PLUGIN_INTERNAL, "out of memory");
    }
    p->services = services;
    p->config = config;
    rc = llmhc_config_check_base_url(config, error);
    if (rc == LLMH_OK) rc = llmhc_config_option_string(config, "organization", &p->organization, error);
    if (rc != LLMH_OK) {
        llmhc_config_free(config);
        free(p);
        return rc;
    }
    *out = p;
    return LLMH_OK;
}

static void acme_destroy(llmh_provider* p) {
    llmhc_config_free(p->config);
    free(p);
}

/* One chat turn: canonical request -> OpenAI body -> the host's HTTP -> events. */
static int32_t acme_chat(llmh_provider* p, const llmh_call_context* call, llmh_str request_json,
                         const llmh_event_sink* sink, llmh_error* error) {
    llmh_str model, body;
    llmhc_request* http = NULL;
    int32_t rc;
    bool stream;
    llmhc_chat_request* request = llmhc_chat_request_parse(request_json, error);
    if (!request) return error->error_class;
    stream = llmhc_chat_request_stream(request);
    rc = llmhc_config_model(p->config, llmhc_chat_request_model(request), &model, error);
    if (rc == LLMH_OK) rc = llmhc_openai_chat_body(request, llmhc_config_id(p->config), model, 0, &body, error);
    if (rc == LLMH_OK) {
        http = llmhc_request_new(p->config, "POST", "/chat/completions", body, stream);
        if (!http) rc = llmhc_fail(error, LLMH_ERR_PLUGIN_INTERNAL, "out of memory");
    }
    if (rc == LLMH_OK) {
        llmhc_request_set_bearer(http, call);
        if (p->organization.data) llmhc_request_set_header(http, llmhc_str("OpenAI-Organization"), p->organization);
        rc = llmhc_openai_chat_exchange(p->services, call, llmhc_request_abi(http), stream, llmhc_config_id(p->config),
                                        sink, error);
    }
    llmhc_request_free(http);
    llmhc_chat_request_free(request);
    return rc;
}

LLMH_EXPORT const llmh_plugin* LLMH_ENTRY_POINT(uint32_t host_abi_minor) {
    static llmh_plugin table;
    (void)host_abi_minor;
    if (table.struct_size == 0) {
        table.abi_major = LLMH_ABI_MAJOR;
        table.abi_minor = LLMH_ABI_MINOR;
        /* Its calls wait only inside the host's HTTP service and hold no lock. */
        table.flags = LLMH_PLUGIN_COOPERATIVE;
        table.name = llmhc_str("acme");
        table.version = llmhc_str("1.0.0");
        table.create = acme_create;
        table.destroy = acme_destroy;
        table.chat = acme_chat;
        table.struct_size = sizeof table;
    }
    return &table;
}
