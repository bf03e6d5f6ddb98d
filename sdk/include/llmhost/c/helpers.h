/*
 * Optional helpers for provider plugins written in C (or through any C FFI): the C++ SDK's
 * own logic behind a C99 API, so that a C plugin for an OpenAI-compatible service is a page of
 * code and behaves exactly like the bundled C++ ones.
 *
 *   llmhc_config_*          the provider configuration `create` receives, options checked
 *   llmhc_chat_request_*    the canonical request `chat` receives (the SDK's chat.hpp)
 *   llmhc_request_*         an HTTP request for the host's http_request service
 *   llmhc_sse_*             text/event-stream framing
 *   llmhc_http_status_class, llmhc_retry_after_ms, llmhc_openai_http_error
 *                           an upstream failure as an error class, with its Retry-After
 *   llmhc_openai_*          OpenAI Chat Completions: the request body, the stream and whole
 *                           responses as llmh_event s, and the whole exchange
 *
 * Not part of the plugin ABI: a static library, libllmhost-c-helpers.a, linked into the
 * plugin (CMake: find_package(llmhost-sdk) and llmhost::c_helpers; pkg-config:
 * llmhost-c-helpers). It is C++ inside, so the plugin also links Boost.JSON and the C++
 * runtime, which the host has loaded already. A plugin that uses none of it needs only
 * provider_abi.h.
 *
 * Conventions:
 *  - A function returning int32_t returns an llmh_error_class; on anything but LLMH_OK it has
 *    filled `error` (class, HTTP status, retry_after_ms, message). It never sets
 *    error->struct_size, which belongs to whoever owns the llmh_error.
 *  - A function returning a handle returns NULL when it fails (with `error` filled, when it
 *    takes one; without, only for lack of memory). Free every handle with its _free function;
 *    _free(NULL) does nothing.
 *  - An llmh_str a handle returns is owned by the handle and valid until the handle is freed
 *    (or, where said, until the next call that changes it). Arguments are never kept past the
 *    call, except the event sink a stream decoder is made with.
 *  - One handle is used by one thread at a time; different handles may be used at once.
 *  - Nothing here throws, aborts or writes to stdout/stderr. Messages never hold the call's
 *    credential.
 */
#ifndef LLMHOST_C_HELPERS_H
#define LLMHOST_C_HELPERS_H

#include <llmhost/provider_abi.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- strings and errors ------------------------------------------------------------------ */

/* A view of a NUL-terminated string (NULL: the empty view). */
llmh_str llmhc_str(const char* text);

/* Fills `error` with `error_class` and a printf-style message (cut to fit; HTTP status 0, no
 * retry hint) and returns `error_class`: `return llmhc_fail(error, LLMH_ERR_BAD_REQUEST, ...);`. */
int32_t llmhc_fail(llmh_error* error, int32_t error_class, const char* format, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* ---- the provider configuration ---------------------------------------------------------- */

typedef struct llmhc_config llmhc_config;

/* Reads `create`'s config_json. Options other than the `known_count` names in `known_options`
 * are refused (LLMH_ERR_INVALID_CONFIG, naming the unknown one and the known ones). */
llmhc_config* llmhc_config_parse(llmh_str provider_id, llmh_str config_json, const char* const* known_options,
                                 size_t known_count, llmh_error* error);
void llmhc_config_free(llmhc_config* config);

llmh_str llmhc_config_id(const llmhc_config* config);
llmh_str llmhc_config_base_url(const llmhc_config* config); /* without a trailing slash */
llmh_str llmhc_config_default_model(const llmhc_config* config);

/* LLMH_ERR_INVALID_CONFIG unless base_url is set and starts with http:// or https://. */
int32_t llmhc_config_check_base_url(const llmhc_config* config, llmh_error* error);

/* A string option: LLMH_OK with `value` set (value->data NULL when the option is absent), or
 * LLMH_ERR_INVALID_CONFIG when it is not a string. */
int32_t llmhc_config_option_string(const llmhc_config* config, const char* name, llmh_str* value, llmh_error* error);

/* The request's model, else the configured default (into `model`: a view of `requested` or of
 * the configuration); LLMH_ERR_BAD_REQUEST when there is neither. */
int32_t llmhc_config_model(const llmhc_config* config, llmh_str requested, llmh_str* model, llmh_error* error);

/* ---- the canonical request --------------------------------------------------------------- */

typedef struct llmhc_chat_request llmhc_chat_request;

typedef enum llmhc_role {
    LLMHC_ROLE_SYSTEM = 0,
    LLMHC_ROLE_USER = 1,
    LLMHC_ROLE_ASSISTANT = 2,
    LLMHC_ROLE_TOOL = 3
} llmhc_role;

/* Reads `chat`'s request_json; LLMH_ERR_BAD_REQUEST when it is not a canonical request. */
llmhc_chat_request* llmhc_chat_request_parse(llmh_str request_json, llmh_error* error);
void llmhc_chat_request_free(llmhc_chat_request* request);

/* Indexes count from 0; one past the end reads as nothing (an empty view, role -1, no calls). */
llmh_str llmhc_chat_request_model(const llmhc_chat_request* request); /* empty: the provider's default */
bool llmhc_chat_request_stream(const llmhc_chat_request* request);
size_t llmhc_chat_request_message_count(const llmhc_chat_request* request);
int32_t llmhc_chat_request_message_role(const llmhc_chat_request* request, size_t message); /* llmhc_role */
/* The message's text parts, joined. */
llmh_str llmhc_chat_request_message_text(const llmhc_chat_request* request, size_t message);
/* Tool messages: the id of the call this message answers. */
llmh_str llmhc_chat_request_message_tool_call_id(const llmhc_chat_request* request, size_t message);
/* Assistant messages: the tool calls, each with its id, name and JSON arguments. */
size_t llmhc_chat_request_tool_call_count(const llmhc_chat_request* request, size_t message);
void llmhc_chat_request_tool_call(const llmhc_chat_request* request, size_t message, size_t call, llmh_str* id,
                                  llmh_str* name, llmh_str* arguments);
/* The tools the model may call. */
size_t llmhc_chat_request_tool_count(const llmhc_chat_request* request);
llmh_str llmhc_chat_request_tool_name(const llmhc_chat_request* request, size_t tool);

/* ---- HTTP requests for the host's http_request service ----------------------------------- */

typedef struct llmhc_request llmhc_request;

/* METHOD base_url+path (+ the configured query parameters), with `body`, Content-Type JSON
 * when there is a body, Accept text/event-stream when `stream` else application/json, the
 * configured http_headers and timeouts. */
llmhc_request* llmhc_request_new(const llmhc_config* config, const char* method, const char* path, llmh_str body,
                                 bool stream);
void llmhc_request_free(llmhc_request* request);
/* Adds or replaces a header (names compared without case). */
void llmhc_request_set_header(llmhc_request* request, llmh_str name, llmh_str value);
/* Authorization: Bearer <the call's credential>, when the call has one (keyless otherwise). */
void llmhc_request_set_bearer(llmhc_request* request, const llmh_call_context* call);
/* The request as the ABI passes it; valid until the request is changed or freed. */
const llmh_http_request* llmhc_request_abi(llmhc_request* request);

/* ---- server-sent events ------------------------------------------------------------------ */

typedef struct llmhc_sse llmhc_sse;

/* One event: its name ("" when the stream named none), its data lines joined with LF, and
 * the last event id seen. Views valid during the call; return false to stop. */
typedef bool (*llmhc_sse_event_fn)(void* user, llmh_str event, llmh_str data, llmh_str id);

llmhc_sse* llmhc_sse_new(void);
void llmhc_sse_free(llmhc_sse* sse);
/* Feeds body bytes split anywhere; calls on_event once per complete event. Returns false when
 * on_event did (the rest of the chunk is dropped). */
bool llmhc_sse_feed(llmhc_sse* sse, llmh_str chunk, llmhc_sse_event_fn on_event, void* user);
/* True when the bytes of an unfinished event are buffered (the stream ended mid-event). */
bool llmhc_sse_has_partial_event(const llmhc_sse* sse);
/* The last `retry:` field, in ms (-1: none). */
int64_t llmhc_sse_retry_ms(const llmhc_sse* sse);

/* ---- upstream failures ------------------------------------------------------------------- */

/* The class an HTTP status means by itself (LLMH_OK below 400). */
int32_t llmhc_http_status_class(int32_t status);

/* The delay the upstream asked for, in ms: retry-after-ms, else Retry-After as seconds or as
 * an HTTP date (relative to `now_unix_ms`, e.g. the host's wall_clock_ms); -1 when none. */
int64_t llmhc_retry_after_ms(const llmh_header* headers, size_t header_count, int64_t now_unix_ms);

/* A failed exchange with an OpenAI-compatible server (status >= 300 where a result was
 * expected) into `error`: the class from the status refined by the error body (quota,
 * context length, overload), the retry hint, and "<provider id>: <message> (HTTP <status>)".
 * Returns the class. */
int32_t llmhc_openai_http_error(llmh_str provider_id, int32_t status, const llmh_header* headers, size_t header_count,
                                llmh_str body, int64_t now_unix_ms, llmh_error* error);

/* ---- OpenAI Chat Completions ------------------------------------------------------------- */

/* llmhc_openai_chat_body flags, for servers that differ from OpenAI. */
#define LLMHC_OPENAI_MAX_COMPLETION_TOKENS 0x1u  /* max_completion_tokens instead of max_tokens */
#define LLMHC_OPENAI_NO_STREAM_USAGE 0x2u        /* no stream_options.include_usage */
#define LLMHC_OPENAI_NAME_UNDESCRIBED_TOOLS 0x4u /* "Function <name>" for a tool without description */

/* The /chat/completions body for `request`, addressed to `model`, into `body` (owned by the
 * request, valid until it is freed or this is called again). `provider_id` names the origin
 * of the reasoning the server returned in earlier turns, which goes back to it only. */
int32_t llmhc_openai_chat_body(llmhc_chat_request* request, llmh_str provider_id, llmh_str model, uint32_t flags,
                               llmh_str* body, llmh_error* error);

typedef struct llmhc_openai_stream llmhc_openai_stream;

/* Decodes a Chat Completions event stream into events for `sink` (which must outlive it):
 * MESSAGE_START once, reasoning, text and tool-call deltas, USAGE, and FINISH from finish.
 * `host_abi_minor` is the host's (llmh_host_services.abi_minor): events newer than the host
 * are not sent. */
llmhc_openai_stream* llmhc_openai_stream_new(llmh_str provider_id, const llmh_event_sink* sink,
                                             uint32_t host_abi_minor);
void llmhc_openai_stream_free(llmhc_openai_stream* stream);
/* Body bytes, split anywhere. Fails for an error event, data that is not JSON, or a sink that
 * asked to stop (LLMH_ERR_CANCELLED). */
int32_t llmhc_openai_stream_feed(llmhc_openai_stream* stream, llmh_str bytes, llmh_error* error);
/* The body ended (`why`: the transport failure that ended it, or empty): sends FINISH, or
 * fails with LLMH_ERR_MALFORMED_RESPONSE when the stream stopped short. */
int32_t llmhc_openai_stream_finish(llmhc_openai_stream* stream, llmh_str why, llmh_error* error);

/* A whole (non-streamed) chat completion as the events its stream would have given. */
int32_t llmhc_openai_completion(llmh_str provider_id, llmh_str body, const llmh_event_sink* sink,
                                uint32_t host_abi_minor, llmh_error* error);

/* One chat exchange through the host's http_request service, as the SDK's C++ client makes it:
 * the status is checked before the body is read as a stream; a success is decoded as a stream
 * or as one completion by its Content-Type (else by `stream`); a failure becomes a typed
 * error (llmhc_openai_http_error, with the host's clock for Retry-After dates); a transport
 * failure mid-stream fails the call unless the stream had finished. Events go to `sink`. */
int32_t llmhc_openai_chat_exchange(const llmh_host_services* services, const llmh_call_context* call,
                                   const llmh_http_request* request, bool stream, llmh_str provider_id,
                                   const llmh_event_sink* sink, llmh_error* error);

#ifdef __cplusplus
}
#endif

#endif /* LLMHOST_C_HELPERS_H */
