// llmhost/c/helpers.h: the C++ SDK's logic behind a C API. Every function here only adapts
// types (llmh_str <-> string_view, handles <-> SDK objects) and turns exceptions into filled
// llmh_error s; the logic itself is the SDK headers', the same code the bundled plugins run.
#include <llmhost/c/helpers.h>

#include <llmhost/chat.hpp>
#include <llmhost/error.hpp>
#include <llmhost/http.hpp>
#include <llmhost/protocol/openai/errors.hpp>
#include <llmhost/protocol/openai/request.hpp>
#include <llmhost/protocol/openai/response.hpp>
#include <llmhost/protocol/openai/stream.hpp>
#include <llmhost/protocol/sse.hpp>
#include <llmhost/provider.hpp>
#include <llmhost/support/chat_exchange.hpp>
#include <llmhost/support/config_checks.hpp>
#include <llmhost/support/key_redaction.hpp>
#include <llmhost/support/provider_request.hpp>

#include <cstdarg>
#include <cstdio>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

using namespace llmhost;

namespace {

// Runs `body`, turning every exception into a filled llmh_error and its class (the C++
// plugins' own adapter, provider.hpp).
template <class Body> int32_t guarded(llmh_error* error, Body&& body) noexcept {
    return plugin_detail::guarded(error, std::forward<Body>(body));
}

// A handle's constructor, NULL when it throws (out of memory, or a refused input whose error
// `guarded` has filled).
template <class T, class Make> T* make_handle(llmh_error* error, Make&& make) noexcept {
    T* made = nullptr;
    llmh_error ignored = make_empty_error();
    guarded(error ? error : &ignored, [&] { made = make(); });
    return made;
}

Headers headers_of(const llmh_header* headers, size_t count) {
    Headers out;
    out.reserve(count);
    for (size_t i = 0; i < count; ++i)
        out.emplace_back(view(headers[i].name), view(headers[i].value));
    return out;
}

} // namespace

// ---- strings and errors ---------------------------------------------------------------------

extern "C" llmh_str llmhc_str(const char* text) { return text ? llmh_str{text, std::strlen(text)} : llmh_str{}; }

extern "C" int32_t llmhc_fail(llmh_error* error, int32_t error_class, const char* format, ...) {
    char message[LLMH_ERROR_MESSAGE_CAPACITY];
    va_list args;
    va_start(args, format);
    std::vsnprintf(message, sizeof message, format, args);
    va_end(args);
    fill_error(error, error_class, message);
    return error_class;
}

// ---- the provider configuration -------------------------------------------------------------

struct llmhc_config {
    ProviderConfig config;
    std::vector<std::string> known; // the option names the plugin takes

    OptionReader options() const { return OptionReader(config.options, {known.begin(), known.end()}); }
};

extern "C" llmhc_config* llmhc_config_parse(llmh_str provider_id, llmh_str config_json,
                                            const char* const* known_options, size_t known_count, llmh_error* error) {
    return make_handle<llmhc_config>(error, [&] {
        auto made = std::make_unique<llmhc_config>();
        made->config = ProviderConfig::from_json(view(provider_id), view(config_json));
        made->known.assign(known_options, known_options + known_count);
        made->options(); // refuses unknown options
        return made.release();
    });
}

extern "C" void llmhc_config_free(llmhc_config* config) { delete config; }

extern "C" llmh_str llmhc_config_id(const llmhc_config* config) { return to_str(config->config.id); }
extern "C" llmh_str llmhc_config_base_url(const llmhc_config* config) { return to_str(config->config.base_url); }
extern "C" llmh_str llmhc_config_default_model(const llmhc_config* config) {
    return to_str(config->config.default_model);
}

extern "C" int32_t llmhc_config_check_base_url(const llmhc_config* config, llmh_error* error) {
    return guarded(error, [&] { check_base_url(config->config); });
}

extern "C" int32_t llmhc_config_option_string(const llmhc_config* config, const char* name, llmh_str* value,
                                              llmh_error* error) {
    *value = llmh_str{};
    return guarded(error, [&] {
        if (config->options().string(name)) *value = to_str(config->config.options.at(name).get_string());
    });
}

extern "C" int32_t llmhc_config_model(const llmhc_config* config, llmh_str requested, llmh_str* model,
                                      llmh_error* error) {
    return guarded(error, [&] {
        model_or_default(config->config, view(requested)); // throws when there is neither
        *model = requested.size ? requested : to_str(config->config.default_model);
    });
}

// ---- the canonical request ------------------------------------------------------------------

struct llmhc_chat_request {
    ChatRequest request;
    std::vector<std::string> texts; // each message's text, joined once
    std::string body;               // the last wire body made from it
};

extern "C" llmhc_chat_request* llmhc_chat_request_parse(llmh_str request_json, llmh_error* error) {
    return make_handle<llmhc_chat_request>(error, [&] {
        auto made = std::make_unique<llmhc_chat_request>();
        made->request = parse_chat_request(view(request_json));
        for (const auto& m : made->request.messages)
            made->texts.push_back(m.text());
        return made.release();
    });
}

extern "C" void llmhc_chat_request_free(llmhc_chat_request* request) { delete request; }

// An index past the end reads as nothing (an empty view, no role, no calls), never as an
// exception that would cross into C.
static const Message* message_at(const llmhc_chat_request* r, size_t message) {
    return message < r->request.messages.size() ? &r->request.messages[message] : nullptr;
}

extern "C" llmh_str llmhc_chat_request_model(const llmhc_chat_request* r) { return to_str(r->request.model); }
extern "C" bool llmhc_chat_request_stream(const llmhc_chat_request* r) { return r->request.stream; }
extern "C" size_t llmhc_chat_request_message_count(const llmhc_chat_request* r) { return r->request.messages.size(); }

extern "C" int32_t llmhc_chat_request_message_role(const llmhc_chat_request* r, size_t message) {
    const Message* m = message_at(r, message);
    if (!m) return -1;
    switch (m->role) {
    case Role::system: return LLMHC_ROLE_SYSTEM;
    case Role::user: return LLMHC_ROLE_USER;
    case Role::assistant: return LLMHC_ROLE_ASSISTANT;
    case Role::tool: return LLMHC_ROLE_TOOL;
    }
    return LLMHC_ROLE_USER;
}

extern "C" llmh_str llmhc_chat_request_message_text(const llmhc_chat_request* r, size_t message) {
    return message < r->texts.size() ? to_str(r->texts[message]) : llmh_str{};
}

extern "C" llmh_str llmhc_chat_request_message_tool_call_id(const llmhc_chat_request* r, size_t message) {
    const Message* m = message_at(r, message);
    return m ? to_str(m->tool_call_id) : llmh_str{};
}

extern "C" size_t llmhc_chat_request_tool_call_count(const llmhc_chat_request* r, size_t message) {
    const Message* m = message_at(r, message);
    return m ? m->tool_calls.size() : 0;
}

extern "C" void llmhc_chat_request_tool_call(const llmhc_chat_request* r, size_t message, size_t call, llmh_str* id,
                                             llmh_str* name, llmh_str* arguments) {
    const Message* m = message_at(r, message);
    const ToolCall* c = m && call < m->tool_calls.size() ? &m->tool_calls[call] : nullptr;
    if (id) *id = c ? to_str(c->id) : llmh_str{};
    if (name) *name = c ? to_str(c->name) : llmh_str{};
    if (arguments) *arguments = c ? to_str(c->arguments) : llmh_str{};
}

extern "C" size_t llmhc_chat_request_tool_count(const llmhc_chat_request* r) { return r->request.tools.size(); }
extern "C" llmh_str llmhc_chat_request_tool_name(const llmhc_chat_request* r, size_t tool) {
    return tool < r->request.tools.size() ? to_str(r->request.tools[tool].name) : llmh_str{};
}

// ---- HTTP requests --------------------------------------------------------------------------

struct llmhc_request {
    HttpRequest http;
    std::vector<llmh_header> headers; // views of http.headers, for `abi`
    llmh_http_request abi{};
};

extern "C" llmhc_request* llmhc_request_new(const llmhc_config* config, const char* method, const char* path,
                                            llmh_str body, bool stream) {
    return make_handle<llmhc_request>(nullptr, [&] {
        auto made = std::make_unique<llmhc_request>();
        made->http = request_with_config(config->config, method, config->config.url(path), std::string(view(body)),
                                         stream ? "text/event-stream" : "application/json");
        return made.release();
    });
}

extern "C" void llmhc_request_free(llmhc_request* request) { delete request; }

extern "C" void llmhc_request_set_header(llmhc_request* request, llmh_str name, llmh_str value) {
    set_header(request->http.headers, view(name), view(value));
}

extern "C" void llmhc_request_set_bearer(llmhc_request* request, const llmh_call_context* call) {
    if (call->api_key.size)
        set_header(request->http.headers, "Authorization", "Bearer " + std::string(view(call->api_key)));
}

extern "C" const llmh_http_request* llmhc_request_abi(llmhc_request* request) {
    const HttpRequest& http = request->http;
    request->headers.clear();
    for (const auto& [name, value] : http.headers)
        request->headers.push_back({to_str(name), to_str(value)});
    llmh_http_request& abi = request->abi;
    abi = llmh_http_request{};
    abi.struct_size = sizeof abi;
    abi.method = to_str(http.method);
    abi.url = to_str(http.url);
    abi.headers = request->headers.data();
    abi.header_count = request->headers.size();
    abi.body = to_str(http.body);
    abi.total_timeout_ms = http.total_timeout_ms;
    abi.idle_timeout_ms = http.idle_timeout_ms;
    return &abi;
}

// ---- server-sent events ---------------------------------------------------------------------

struct llmhc_sse {
    SseParser parser;
};

extern "C" llmhc_sse* llmhc_sse_new(void) { return new (std::nothrow) llmhc_sse; }
extern "C" void llmhc_sse_free(llmhc_sse* sse) { delete sse; }

extern "C" bool llmhc_sse_feed(llmhc_sse* sse, llmh_str chunk, llmhc_sse_event_fn on_event, void* user) {
    try {
        return sse->parser.feed(view(chunk), [&](const SseEvent& e) {
            return on_event(user, to_str(e.event), to_str(e.data), to_str(e.id));
        });
    } catch (...) { // out of memory for a line
        return false;
    }
}

extern "C" bool llmhc_sse_has_partial_event(const llmhc_sse* sse) { return sse->parser.has_partial_event(); }
extern "C" int64_t llmhc_sse_retry_ms(const llmhc_sse* sse) { return sse->parser.retry_ms(); }

// ---- upstream failures ----------------------------------------------------------------------

extern "C" int32_t llmhc_http_status_class(int32_t status) { return classify_http_status(status); }

extern "C" int64_t llmhc_retry_after_ms(const llmh_header* headers, size_t header_count, int64_t now_unix_ms) {
    try {
        return parse_retry_after_ms(headers_of(headers, header_count), now_unix_ms);
    } catch (...) {
        return -1;
    }
}

extern "C" int32_t llmhc_openai_http_error(llmh_str provider_id, int32_t status, const llmh_header* headers,
                                           size_t header_count, llmh_str body, int64_t now_unix_ms, llmh_error* error) {
    const int32_t cls = guarded(error, [&] {
        throw openai_http_error(view(provider_id), status, headers_of(headers, header_count), view(body), now_unix_ms);
    });
    return cls == LLMH_OK ? LLMH_ERR_PLUGIN_INTERNAL : cls;
}

// ---- OpenAI Chat Completions ----------------------------------------------------------------

extern "C" int32_t llmhc_openai_chat_body(llmhc_chat_request* request, llmh_str provider_id, llmh_str model,
                                          uint32_t flags, llmh_str* body, llmh_error* error) {
    *body = llmh_str{};
    return guarded(error, [&] {
        OpenAIWireOptions options;
        if (flags & LLMHC_OPENAI_MAX_COMPLETION_TOKENS)
            options.max_tokens_field = OpenAIWireOptions::MaxTokensField::max_completion_tokens;
        options.include_usage = !(flags & LLMHC_OPENAI_NO_STREAM_USAGE);
        options.name_undescribed_tools = (flags & LLMHC_OPENAI_NAME_UNDESCRIBED_TOOLS) != 0;
        options.reasoning_origin = openai_chat_reasoning_origin(view(provider_id));
        request->body = openai_chat_body(request->request, view(model), options);
        *body = to_str(request->body);
    });
}

struct llmhc_openai_stream {
    llmhc_openai_stream(std::string_view provider_id, const llmh_event_sink* s, uint32_t host_abi_minor)
        : sink(s, host_abi_minor), decoder(std::string(provider_id), sink) {}
    EventSink sink;
    OpenAIStreamDecoder decoder;
};

extern "C" llmhc_openai_stream* llmhc_openai_stream_new(llmh_str provider_id, const llmh_event_sink* sink,
                                                        uint32_t host_abi_minor) {
    return make_handle<llmhc_openai_stream>(
        nullptr, [&] { return new llmhc_openai_stream(view(provider_id), sink, host_abi_minor); });
}

extern "C" void llmhc_openai_stream_free(llmhc_openai_stream* stream) { delete stream; }

extern "C" int32_t llmhc_openai_stream_feed(llmhc_openai_stream* stream, llmh_str bytes, llmh_error* error) {
    return guarded(error, [&] { stream->decoder.feed(view(bytes)); });
}

extern "C" int32_t llmhc_openai_stream_finish(llmhc_openai_stream* stream, llmh_str why, llmh_error* error) {
    return guarded(error, [&] { stream->decoder.finish(view(why)); });
}

extern "C" int32_t llmhc_openai_completion(llmh_str provider_id, llmh_str body, const llmh_event_sink* sink,
                                           uint32_t host_abi_minor, llmh_error* error) {
    return guarded(error, [&] {
        EventSink events(sink, host_abi_minor);
        json_read::ScratchArena arena;
        const std::string_view id = view(provider_id);
        emit_openai_completion(id, parse_openai_body(id, view(body), "chat completion", arena.storage()), events);
    });
}

extern "C" int32_t llmhc_openai_chat_exchange(const llmh_host_services* services, const llmh_call_context* call,
                                              const llmh_http_request* request, bool stream, llmh_str provider_id,
                                              const llmh_event_sink* sink, llmh_error* error) {
    return guarded(error, [&] {
        const Host host(services);
        const Call c(host, call);
        HttpRequest http;
        http.method = view(request->method);
        http.url = view(request->url);
        http.headers = headers_of(request->headers, request->header_count);
        http.body = view(request->body);
        http.total_timeout_ms = request->total_timeout_ms;
        http.idle_timeout_ms = request->idle_timeout_ms;
        const std::string id(view(provider_id));
        EventSink events(sink, host.abi_minor());
        without_key_in_errors(c, [&] {
            OpenAIStreamDecoder decoder(id, events);
            exchange_chat(
                c, http, stream, decoder,
                [&](const HttpResponseHead& head, std::string_view error_body) {
                    return openai_http_error(id, head.status, head.headers, error_body, host.wall_clock_ms());
                },
                [&](std::string_view whole) {
                    json_read::ScratchArena arena;
                    emit_openai_completion(id, parse_openai_body(id, whole, "chat completion", arena.storage()),
                                           events);
                });
        });
    });
}
