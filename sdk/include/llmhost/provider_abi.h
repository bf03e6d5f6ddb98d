/*
 * llmhost provider plugin ABI, major version 1.
 *
 * The one contract between the llmhost host and a provider plugin. Pure C99 so that a plugin
 * can be written in any language with a C FFI and built with any compiler.
 *
 * Rules that keep the contract stable:
 *  - Every struct that crosses the boundary starts with `struct_size`. Fields are only ever
 *    appended; a reader zero-fills (treats as absent) whatever lies beyond the size the other
 *    side sent. A NULL function pointer means "not supported".
 *  - A plugin is accepted when its major equals the host's and its minor is not newer.
 *  - No exceptions, C++ types or allocations cross. Strings are (pointer, length) views that
 *    are borrowed for the duration of the call that passes them and are not NUL-terminated
 *    unless stated. Whoever allocates frees.
 *  - Plugins are never unloaded while the host runs.
 *
 * Threads: the host may call `chat`, `embed`, `list_models` and `capabilities` of one
 * provider instance from several threads at once; each call runs entirely on the calling
 * thread, and every callback a call triggers (event sink, HTTP handler) runs on that same
 * thread before the call returns. `init`, `create` and `destroy` are never called
 * concurrently with another call on the same provider.
 */
#ifndef LLMHOST_PROVIDER_ABI_H
#define LLMHOST_PROVIDER_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LLMH_ABI_MAJOR 1
/* 1.1: LLMH_EVENT_REASONING_STATE, llmh_event.data and .cache_write_tokens,
 * llmh_plugin.count_tokens; the canonical request 2 (see the SDK's chat.hpp).
 * 1.2: llmh_plugin.chat_wire. */
#define LLMH_ABI_MINOR 2

/* The exported entry point carries the major version in its name, so a v2 host never
 * mistakes a v1 plugin for one of its own. */
#define LLMH_ENTRY_POINT llmh_plugin_v1
#define LLMH_ENTRY_POINT_NAME "llmh_plugin_v1"

/* ELF section that holds the plugin's metadata, readable without loading the file. */
#define LLMH_METADATA_SECTION ".llmhost.meta"

#if defined(__GNUC__) || defined(__clang__)
#define LLMH_EXPORT __attribute__((visibility("default")))
#else
#define LLMH_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* A borrowed UTF-8 string view; `data` may be NULL when `size` is 0. */
typedef struct llmh_str {
    const char* data;
    size_t size;
} llmh_str;

/* Error classes. The host decides retries, key rotation and fallbacks from these alone. */
typedef enum llmh_error_class {
    LLMH_OK = 0,
    LLMH_ERR_AUTHENTICATION = 1,      /* key rejected (401) */
    LLMH_ERR_PERMISSION = 2,          /* key valid, access denied (403) */
    LLMH_ERR_NOT_FOUND = 3,           /* unknown model or endpoint (404) */
    LLMH_ERR_BAD_REQUEST = 4,         /* the request itself is invalid (400, 422) */
    LLMH_ERR_CONTEXT_LENGTH = 5,      /* prompt too long for the model */
    LLMH_ERR_RATE_LIMITED = 6,        /* 429; see retry_after_ms */
    LLMH_ERR_QUOTA_EXHAUSTED = 7,     /* billing or quota; waiting does not help */
    LLMH_ERR_OVERLOADED = 8,          /* provider overloaded (529, 503 "overloaded") */
    LLMH_ERR_SERVER = 9,              /* other 5xx */
    LLMH_ERR_TIMEOUT = 10,            /* connect, total or stream-idle timeout; 408 */
    LLMH_ERR_NETWORK = 11,            /* DNS, connect, TLS, reset */
    LLMH_ERR_MALFORMED_RESPONSE = 12, /* unparsable or truncated upstream response */
    LLMH_ERR_UNSUPPORTED = 13,        /* capability not offered by this provider */
    LLMH_ERR_CANCELLED = 14,          /* the host or the sink asked to stop */
    LLMH_ERR_PLUGIN_INTERNAL = 15,    /* a bug or unexpected exception inside the plugin */
    LLMH_ERR_INVALID_CONFIG = 16,     /* provider configuration or options rejected */
    LLMH_ERR_MISSING_CREDENTIALS = 17 /* no credential where one is required */
} llmh_error_class;

#define LLMH_ERROR_MESSAGE_CAPACITY 1024

/* Owned by the caller, filled by the callee when a call fails. `message` is NUL-terminated
 * and truncated to fit; it never contains a credential. */
typedef struct llmh_error {
    uint32_t struct_size;
    int32_t error_class;    /* llmh_error_class */
    int32_t http_status;    /* upstream HTTP status, 0 when none */
    int32_t reserved;       /* zero */
    int64_t retry_after_ms; /* -1 when the upstream gave no hint */
    char message[LLMH_ERROR_MESSAGE_CAPACITY];
} llmh_error;

/* Capability bits, declared per provider in metadata and per model through `capabilities`. */
#define LLMH_CAP_CHAT (1u << 0)
#define LLMH_CAP_STREAMING (1u << 1)
#define LLMH_CAP_TOOLS (1u << 2)
#define LLMH_CAP_STRUCTURED_OUTPUT (1u << 3)
#define LLMH_CAP_EMBEDDINGS (1u << 4)
#define LLMH_CAP_VISION (1u << 5)
#define LLMH_CAP_REASONING (1u << 6)
#define LLMH_CAP_MODEL_LISTING (1u << 7)

typedef enum llmh_log_level {
    LLMH_LOG_DEBUG = 0,
    LLMH_LOG_INFO = 1,
    LLMH_LOG_WARN = 2,
    LLMH_LOG_ERROR = 3
} llmh_log_level;

typedef struct llmh_header {
    llmh_str name;
    llmh_str value;
} llmh_header;

/* Per-call state the host hands to every operation. Borrowed for the call only. */
typedef struct llmh_call_context {
    uint32_t struct_size;
    uint32_t reserved; /* zero */
    /* The credential for this attempt, resolved by the host (may be empty for keyless
     * providers). Use it for this call only: never store it, log it or echo it in errors.
     * The next attempt may carry another key. */
    llmh_str api_key;
    /* Opaque host state for this call; pass the whole context to the host services. */
    void* host_call;
} llmh_call_context;

typedef struct llmh_http_request {
    uint32_t struct_size;
    uint32_t reserved;          /* zero */
    llmh_str method;            /* "GET", "POST", ... */
    llmh_str url;               /* absolute http:// or https:// URL */
    const llmh_header* headers; /* borrowed; may be NULL when header_count is 0 */
    size_t header_count;
    llmh_str body;            /* borrowed; sent with Content-Length */
    int64_t total_timeout_ms; /* whole exchange; 0 = the provider's configured default */
    int64_t idle_timeout_ms;  /* longest silence while reading the body; 0 = default */
} llmh_http_request;

/* Receives a response as it arrives. Both callbacks run on the thread that called
 * http_request, before it returns. Returning false stops the exchange: http_request then
 * returns LLMH_ERR_CANCELLED. Views are valid only during the callback. */
typedef struct llmh_http_response_handler {
    uint32_t struct_size;
    uint32_t reserved; /* zero */
    void* user;
    bool (*on_head)(void* user, int32_t status, const llmh_header* headers, size_t header_count);
    bool (*on_body)(void* user, llmh_str chunk); /* decoded (de-chunked) body bytes */
} llmh_http_response_handler;

/* What the host offers every plugin. The table and `host` live until the process exits. */
typedef struct llmh_host_services {
    uint32_t struct_size;
    uint32_t abi_minor; /* the host's LLMH_ABI_MINOR */
    void* host;         /* opaque; first argument of the functions that take it */

    void (*log)(void* host, int32_t level, llmh_str message);

    /* Performs one HTTP exchange with the host's pool, TLS, proxy and timeout policy.
     * Returns LLMH_OK once the whole body was delivered (whatever the HTTP status), else
     * LLMH_ERR_NETWORK, LLMH_ERR_TIMEOUT or LLMH_ERR_CANCELLED with `error` filled. */
    int32_t (*http_request)(const llmh_call_context* call, const llmh_http_request* request,
                            const llmh_http_response_handler* handler, llmh_error* error);

    /* Memory a plugin wants accounted to the host; free with `free` only. */
    void* (*alloc)(void* host, size_t size);
    void (*free)(void* host, void* ptr);

    int64_t (*monotonic_ns)(void* host);
    int64_t (*wall_clock_ms)(void* host); /* Unix epoch */

    /* Looks up an environment variable through the host (tests may substitute values).
     * On success `value` points to host-owned memory valid until the process exits. */
    bool (*get_env)(void* host, llmh_str name, llmh_str* value);

    /* True once the user or the host abandoned this call (Ctrl-C, client gone). Long
     * computations should poll it; host HTTP exchanges already do. */
    bool (*is_cancelled)(const llmh_call_context* call);
} llmh_host_services;

typedef enum llmh_event_type {
    LLMH_EVENT_MESSAGE_START = 1,   /* id = response id, name = model that answered */
    LLMH_EVENT_TEXT_DELTA = 2,      /* text */
    LLMH_EVENT_REASONING_DELTA = 3, /* text */
    LLMH_EVENT_TOOL_CALL_START = 4, /* index, id, name */
    LLMH_EVENT_TOOL_CALL_DELTA = 5, /* index, text = a fragment of the JSON arguments */
    LLMH_EVENT_USAGE = 6,           /* usage (cumulative: the last one wins) */
    LLMH_EVENT_FINISH = 7,          /* finish_reason; sent once, last */
    /* 1.1. Reasoning state the provider needs back with this turn, opaque to the host, which
     * returns it in the next request's history (see the SDK's ReasoningState): name = its
     * origin (the provider family that can read it), text = a signature over the reasoning,
     * data = reasoning the client never sees (redacted or encrypted), id = the provider's id
     * for it. index = -1: it ends the reasoning block streamed just before (or stands alone
     * when none was); index >= 0: it belongs to that tool call (Gemini's thought signatures).
     * A host that predates it ignores it. */
    LLMH_EVENT_REASONING_STATE = 8
} llmh_event_type;

typedef enum llmh_finish_reason {
    LLMH_FINISH_NONE = 0,
    LLMH_FINISH_STOP = 1,
    LLMH_FINISH_LENGTH = 2,
    LLMH_FINISH_TOOL_CALLS = 3,
    LLMH_FINISH_CONTENT_FILTER = 4,
    LLMH_FINISH_ERROR = 5
} llmh_finish_reason;

/* Token counts; -1 means the provider did not report that count. */
typedef struct llmh_usage {
    int64_t input_tokens;
    int64_t output_tokens;
    int64_t cached_input_tokens;
    int64_t reasoning_tokens;
} llmh_usage;

/* One canonical stream event. Views are valid only during on_event. Fields that do not
 * belong to the event's type are zero. */
typedef struct llmh_event {
    uint32_t struct_size;
    int32_t type;          /* llmh_event_type */
    int32_t index;         /* tool-call index (0-based, in order of appearance) */
    int32_t finish_reason; /* llmh_finish_reason, for LLMH_EVENT_FINISH */
    llmh_str text;
    llmh_str id;
    llmh_str name;
    llmh_usage usage;
    llmh_str data; /* 1.1: LLMH_EVENT_REASONING_STATE */
    /* 1.1, LLMH_EVENT_USAGE: input tokens written to the prompt cache (-1: not reported). A
     * host reading an event from a 1.0 plugin takes this as -1. */
    int64_t cache_write_tokens;
} llmh_event;

/* Where a chat call pushes its events. on_event returns false to ask the provider to stop;
 * the provider then stops reading and returns LLMH_ERR_CANCELLED. */
typedef struct llmh_event_sink {
    uint32_t struct_size;
    uint32_t reserved; /* zero */
    void* user;
    bool (*on_event)(void* user, const llmh_event* event);
} llmh_event_sink;

/* Receives a JSON document (a model list, embeddings); may be called once per call. */
typedef struct llmh_json_sink {
    uint32_t struct_size;
    uint32_t reserved; /* zero */
    void* user;
    void (*write)(void* user, llmh_str json);
} llmh_json_sink;

typedef struct llmh_provider llmh_provider; /* opaque, owned by the plugin */

/* llmh_plugin.flags. COOPERATIVE promises that the plugin's calls wait only inside host
 * services (HTTP, and nothing else that blocks: no sleeping, no I/O of its own beyond reading
 * small local files) and hold no lock while they do. The host may then run many calls on one
 * thread, switching between them while they wait (the gateway does, as fibers); a call into
 * a plugin without the flag gets a thread of its own. Hosts that predate the flag ignore it. */
#define LLMH_PLUGIN_COOPERATIVE 0x1u

/* The operations table a plugin returns from its entry point. Static storage in the plugin;
 * valid while the process runs. Every int32_t result is an llmh_error_class; on anything but
 * LLMH_OK the callee has filled `error`. */
typedef struct llmh_plugin {
    uint32_t struct_size;
    uint32_t abi_major; /* LLMH_ABI_MAJOR the plugin was built against */
    uint32_t abi_minor; /* LLMH_ABI_MINOR the plugin was built against */
    uint32_t flags;     /* LLMH_PLUGIN_* bits; zero is always safe */
    llmh_str name;      /* plugin name, as in its metadata */
    llmh_str version;   /* plugin version, as in its metadata */

    /* Once per process before the first create; NULL when nothing to do. */
    int32_t (*init)(const llmh_host_services* services, llmh_error* error);

    /* Creates a provider instance for `provider_id` (an id from the plugin's metadata, or a
     * config-defined id that names this plugin). `config_json` is an object with the keys
     * "id", "base_url", "default_model", "http_headers" (object), "query_params" (object),
     * "timeout_ms", "stream_idle_timeout_ms" and "options" (the plugin's own options, which
     * it validates, rejecting unknown ones with a message that names the known ones). It
     * never holds a credential. `services` outlives the instance. */
    int32_t (*create)(const llmh_host_services* services, llmh_str provider_id, llmh_str config_json,
                      llmh_provider** out, llmh_error* error);
    void (*destroy)(llmh_provider* provider);

    /* One chat turn. `request_json` is the canonical request (see the SDK's chat.hpp).
     * Events go to `sink`; the call returns once, after the last event. */
    int32_t (*chat)(llmh_provider* provider, const llmh_call_context* call, llmh_str request_json,
                    const llmh_event_sink* sink, llmh_error* error);

    /* Embeddings: `request_json` is {"model","input":[...]}; writes
     * {"model","data":[{"index","embedding":[...]}],"usage":{...}} to `out`. */
    int32_t (*embed)(llmh_provider* provider, const llmh_call_context* call, llmh_str request_json,
                     const llmh_json_sink* out, llmh_error* error);

    /* Writes {"models":[{"id":...}, ...]} to `out`. */
    int32_t (*list_models)(llmh_provider* provider, const llmh_call_context* call, const llmh_json_sink* out,
                           llmh_error* error);

    /* LLMH_CAP_* bits for `model` (empty: the provider's defaults). NULL: use metadata. */
    uint32_t (*capabilities)(llmh_provider* provider, llmh_str model);

    /* 1.1. The input tokens `request_json` (a canonical request, as for chat) would take, from
     * the provider's own counter: writes {"input_tokens": N} to `out`. NULL, or
     * LLMH_ERR_UNSUPPORTED for a model it cannot count: the provider has no counter (the host
     * never estimates one). */
    int32_t (*count_tokens)(llmh_provider* provider, const llmh_call_context* call, llmh_str request_json,
                            const llmh_json_sink* out, llmh_error* error);

    /* 1.2. One chat turn from a client that spoke `protocol` ("anthropic-messages",
     * "openai-chat", ...; see the SDK's chat.hpp), for a provider that speaks it too:
     * `wire_body` is the client's request body as it came, and `request_json` the canonical
     * request without what that body carries (messages, tools, the extension's fields). The
     * provider sends the body on with only what it must change (the model to ask for, the
     * stream options it needs), so that nothing the client sent is lost, and nothing is
     * parsed and rebuilt that need not be. A provider that does not take `protocol` this way
     * returns LLMH_ERR_UNSUPPORTED before doing anything, and the host calls `chat` instead.
     * NULL: never taken. */
    int32_t (*chat_wire)(llmh_provider* provider, const llmh_call_context* call, llmh_str protocol, llmh_str wire_body,
                         llmh_str request_json, const llmh_event_sink* sink, llmh_error* error);
} llmh_plugin;

/* The entry point's type. The host passes its own minor version; a plugin may use it to
 * avoid services newer than the host. Returns NULL only when the plugin cannot serve this
 * host at all. */
typedef const llmh_plugin* (*llmh_plugin_entry_fn)(uint32_t host_abi_minor);

#define LLMH_STRINGIFY_(x) #x
#define LLMH_STRINGIFY(x) LLMH_STRINGIFY_(x)

/* Embeds the plugin's metadata in LLMH_METADATA_SECTION. `json_literal` is a string literal
 * holding one JSON object (its keys are listed in the SDK's README: sdk/README.md, installed
 * as share/doc/llmhost-sdk/README.md). The first line records the ABI version the plugin was
 * compiled against. Use once per plugin. */
#define LLMH_PLUGIN_METADATA_WITH_ABI(major, minor, json_literal)                                                      \
    __attribute__((section(LLMH_METADATA_SECTION), used)) const char llmh_plugin_metadata[] =                          \
        "llmhost-plugin abi=" LLMH_STRINGIFY(major) "." LLMH_STRINGIFY(minor) "\n" json_literal

#define LLMH_PLUGIN_METADATA(json_literal) LLMH_PLUGIN_METADATA_WITH_ABI(LLMH_ABI_MAJOR, LLMH_ABI_MINOR, json_literal)

#ifdef __cplusplus
}
#endif

#endif /* LLMHOST_PROVIDER_ABI_H */
