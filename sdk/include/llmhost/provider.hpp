// Header-only C++ side of the plugin hourglass. A plugin author derives from
// llmhost::Provider, writes a factory, and names the plugin once (plugin.hpp):
//
//     LLMH_PLUGIN("acme", "1.0.0", R"json(
//       "description": "Acme's models",
//       "providers": [{"id": "acme", "base_url": "https://api.acme.example/v1", ...}]
//     )json");
//     LLMH_PLUGIN_ENTRY(&make_acme_provider);
//
// LLMH_PLUGIN writes the metadata block with the name and version in it; LLMH_PLUGIN_ENTRY
// defines the exported entry point and builds the table from the same name and version (the
// two may sit in different source files of one plugin). After the factory, LLMH_PLUGIN_ENTRY
// takes a PluginEntry's members — flags, then init — by position or designated:
//
//     LLMH_PLUGIN_ENTRY(&make_acme_provider, .flags = LLMH_PLUGIN_COOPERATIVE, .init = &acme_init);
//
// Everything that crosses to the host goes through provider_abi.h; every exception is caught
// here and becomes a typed llmh_error whose message starts with the provider id (the plugin's
// name for init), once: a message that already starts with it is left as it is. Host structs
// are read only as far as the host's struct_size reaches, so a plugin built against a newer
// SDK runs on an older host: what the host's table does not hold reads as absent.
//
// The older form, with the name and version written twice, still works:
//
//     LLMH_PLUGIN_METADATA(R"json({"name": "acme", "version": "1.0.0", ...})json");
//     LLMH_DEFINE_PLUGIN("acme", "1.0.0", &make_acme_provider);
#pragma once

#include <llmhost/chat.hpp>
#include <llmhost/error.hpp>
#include <llmhost/http.hpp>
#include <llmhost/plugin.hpp>
#include <llmhost/provider_abi.h>

#include <boost/json.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llmhost {

// True when the struct `s` that the other side sent reaches `member` whole: its struct_size
// covers it. What lies beyond is absent (provider_abi.h: a reader treats it as zero).
template <class Struct, class Member> bool reaches(const Struct* s, Member Struct::*member) noexcept {
    if (!s) return false;
    static const Struct probe{};
    const auto offset =
        static_cast<size_t>(reinterpret_cast<const char*>(&(probe.*member)) - reinterpret_cast<const char*>(&probe));
    return s->struct_size >= offset + sizeof(Member);
}

namespace plugin_detail {
// The host_abi_minor the host passed to the entry point; UINT32_MAX until it did.
inline std::atomic<uint32_t>& entry_host_abi_minor() {
    static std::atomic<uint32_t> minor{UINT32_MAX};
    return minor;
}
} // namespace plugin_detail

// The minor version the host passed to the plugin's entry point (its LLMH_ABI_MINOR), or none
// before the entry point ran (a test calling a table directly). Host::abi_minor() gives the
// same from the services table.
inline std::optional<uint32_t> host_abi_minor() {
    const uint32_t minor = plugin_detail::entry_host_abi_minor().load(std::memory_order_relaxed);
    if (minor == UINT32_MAX) return std::nullopt;
    return minor;
}

// The host's services, as C++. Every accessor reads the host's table only as far as its
// struct_size reaches: a service an older host's table does not hold is absent (log does
// nothing, env finds nothing, the clocks read 0, Call::cancelled is false, Call::http throws
// LLMH_ERR_UNSUPPORTED).
class Host {
  public:
    explicit Host(const llmh_host_services* services) : s_(services) {}

    void log(llmh_log_level level, std::string_view message) const {
        if (offers(&llmh_host_services::log)) s_->log(s_->host, level, to_str(message));
    }
    std::optional<std::string_view> env(std::string_view name) const {
        llmh_str value{};
        if (offers(&llmh_host_services::get_env) && s_->get_env(s_->host, to_str(name), &value)) return view(value);
        return std::nullopt;
    }
    int64_t monotonic_ns() const { return offers(&llmh_host_services::monotonic_ns) ? s_->monotonic_ns(s_->host) : 0; }
    int64_t wall_clock_ms() const {
        return offers(&llmh_host_services::wall_clock_ms) ? s_->wall_clock_ms(s_->host) : 0;
    }
    // The host's LLMH_ABI_MINOR: what is newer than this, the host does not know (the SDK
    // itself sends a 1.0 host no 1.1 event). 0 for a table too short to say.
    uint32_t abi_minor() const { return reaches(s_, &llmh_host_services::abi_minor) ? s_->abi_minor : 0; }
    // True when the host's services table reaches `member` and fills it in. Every accessor
    // above checks it; a plugin that calls a service through raw() checks it first (an older
    // host's table ends before the services added after it).
    template <class Member> bool offers(Member llmh_host_services::*member) const {
        return reaches(s_, member) && s_->*member != nullptr;
    }
    const llmh_host_services* raw() const { return s_; }

  private:
    const llmh_host_services* s_;
};

// One invocation of a provider operation: the attempt's credential, cancellation and the
// host's HTTP transport.
class Call {
  public:
    Call(const Host& host, const llmh_call_context* ctx) : host_(host), ctx_(ctx) {}

    const Host& host() const { return host_; }
    // This attempt's credential. Never store, log or echo it. Empty when the host's context
    // does not reach it.
    std::string_view api_key() const {
        return reaches(ctx_, &llmh_call_context::api_key) ? view(ctx_->api_key) : std::string_view();
    }
    bool cancelled() const {
        return host_.offers(&llmh_host_services::is_cancelled) && host_.raw()->is_cancelled(ctx_);
    }

    // Streams one exchange: on_head(const HttpResponseHead&) and on_body(std::string_view)
    // return false to stop early (the call then returns false). Throws Error on transport
    // failure (network, timeout, cancellation by the host).
    template <class OnHead, class OnBody>
    bool http(const HttpRequest& request, OnHead&& on_head, OnBody&& on_body) const {
        struct State {
            OnHead* head;
            OnBody* body;
            bool stopped_by_handler = false;
            std::exception_ptr failure; // an exception thrown by a handler, rethrown below
        } state{&on_head, &on_body, false, nullptr};

        // Views of the headers: on the stack for any ordinary request.
        llmh_header few[16];
        std::vector<llmh_header> many;
        llmh_header* headers = few;
        if (request.headers.size() > std::size(few)) {
            many.resize(request.headers.size());
            headers = many.data();
        }
        for (size_t i = 0; i < request.headers.size(); ++i)
            headers[i] = {to_str(request.headers[i].first), to_str(request.headers[i].second)};
        llmh_http_request req{};
        req.struct_size = sizeof req;
        req.method = to_str(request.method);
        req.url = to_str(request.url);
        req.headers = headers;
        req.header_count = request.headers.size();
        req.body = to_str(request.body);
        req.total_timeout_ms = request.total_timeout_ms;
        req.idle_timeout_ms = request.idle_timeout_ms;

        llmh_http_response_handler handler{};
        handler.struct_size = sizeof handler;
        handler.user = &state;
        handler.on_head = [](void* user, int32_t status, const llmh_header* hs, size_t n) -> bool {
            auto& st = *static_cast<State*>(user);
            try {
                HttpResponseHead head;
                head.status = status;
                head.headers.reserve(n);
                for (size_t i = 0; i < n; ++i)
                    head.headers.emplace_back(view(hs[i].name), view(hs[i].value));
                if ((*st.head)(static_cast<const HttpResponseHead&>(head))) return true;
            } catch (...) {
                st.failure = std::current_exception();
            }
            st.stopped_by_handler = true;
            return false;
        };
        handler.on_body = [](void* user, llmh_str chunk) -> bool {
            auto& st = *static_cast<State*>(user);
            try {
                if ((*st.body)(view(chunk))) return true;
            } catch (...) {
                st.failure = std::current_exception();
            }
            st.stopped_by_handler = true;
            return false;
        };

        if (!host_.offers(&llmh_host_services::http_request))
            throw Error(LLMH_ERR_UNSUPPORTED, "this host offers no HTTP transport");
        llmh_error err = make_empty_error();
        const int32_t rc = host_.raw()->http_request(ctx_, &req, &handler, &err);
        if (state.failure) std::rethrow_exception(state.failure);
        if (state.stopped_by_handler) return false;
        if (rc != LLMH_OK) throw to_exception(err);
        return true;
    }

    // A whole response in memory (for non-streaming calls).
    HttpResponse http_buffered(const HttpRequest& request) const {
        HttpResponse response;
        http(
            request,
            [&](const HttpResponseHead& head) {
                response.head = head;
                return true;
            },
            [&](std::string_view chunk) {
                response.body.append(chunk);
                return true;
            });
        return response;
    }

  private:
    const Host& host_;
    const llmh_call_context* ctx_;
};

// Pushes canonical events to the host. Every method throws Error(LLMH_ERR_CANCELLED) when
// the host asked to stop, which unwinds the provider out of its read loop.
class EventSink {
  public:
    explicit EventSink(const llmh_event_sink* sink, uint32_t host_abi_minor = LLMH_ABI_MINOR)
        : sink_(sink), host_abi_minor_(host_abi_minor),
          usable_(reaches(sink, &llmh_event_sink::on_event) && sink->on_event != nullptr) {}

    void message_start(std::string_view id, std::string_view model) {
        auto e = make(LLMH_EVENT_MESSAGE_START);
        e.id = to_str(id);
        e.name = to_str(model);
        push(e);
    }
    void text(std::string_view delta) {
        if (delta.empty()) return;
        auto e = make(LLMH_EVENT_TEXT_DELTA);
        e.text = to_str(delta);
        push(e);
    }
    void reasoning(std::string_view delta) {
        if (delta.empty()) return;
        auto e = make(LLMH_EVENT_REASONING_DELTA);
        e.text = to_str(delta);
        push(e);
    }
    void tool_call_start(int index, std::string_view id, std::string_view name) {
        auto e = make(LLMH_EVENT_TOOL_CALL_START);
        e.index = index;
        e.id = to_str(id);
        e.name = to_str(name);
        push(e);
    }
    void tool_call_delta(int index, std::string_view arguments_fragment) {
        if (arguments_fragment.empty()) return;
        auto e = make(LLMH_EVENT_TOOL_CALL_DELTA);
        e.index = index;
        e.text = to_str(arguments_fragment);
        push(e);
    }
    // Reasoning state the provider needs back (ABI 1.1; a 1.0 host is not sent it): for tool
    // call `index`, or with index -1 for the reasoning block just streamed.
    void reasoning_state(int index, const ReasoningState& state) {
        if (host_abi_minor_ < 1 || state.empty()) return;
        auto e = make(LLMH_EVENT_REASONING_STATE);
        e.index = index;
        e.name = to_str(state.origin);
        e.text = to_str(state.signature);
        e.data = to_str(state.data);
        e.id = to_str(state.id);
        push(e);
    }
    void usage(const Usage& u) {
        auto e = make(LLMH_EVENT_USAGE);
        e.usage = {u.input_tokens, u.output_tokens, u.cached_input_tokens, u.reasoning_tokens};
        e.cache_write_tokens = u.cache_write_tokens;
        push(e);
    }
    void finish(llmh_finish_reason reason) {
        if (finished_) return;
        finished_ = true;
        auto e = make(LLMH_EVENT_FINISH);
        e.finish_reason = reason;
        push(e);
    }
    bool finished() const { return finished_; }
    // True once any event was pushed: until then a provider may still retry a call unseen.
    bool started() const { return started_; }

  private:
    static llmh_event make(llmh_event_type type) {
        llmh_event e{};
        e.struct_size = sizeof e;
        e.type = type;
        return e;
    }
    void push(const llmh_event& e) {
        if (!usable_) throw Error(LLMH_ERR_BAD_REQUEST, "the host's event sink has no on_event");
        started_ = true;
        if (!sink_->on_event(sink_->user, &e)) throw Error(LLMH_ERR_CANCELLED, "stopped by the host");
    }

    const llmh_event_sink* sink_;
    uint32_t host_abi_minor_;
    bool usable_;
    bool finished_ = false;
    bool started_ = false;
};

// The provider's settings as the host resolved them (from metadata and configuration).
struct ProviderConfig {
    std::string id;
    std::string base_url; // without a trailing slash
    std::string default_model;
    Headers http_headers;
    std::vector<std::pair<std::string, std::string>> query_params;
    int64_t timeout_ms = 0;
    int64_t stream_idle_timeout_ms = 0;
    boost::json::object options;

    // base_url + path + the configured query parameters (and any `extra_query`).
    std::string url(std::string_view path, std::string_view extra_query = {}) const {
        std::string u;
        u.reserve(base_url.size() + path.size() + 64); // room for a query without growing
        u.append(base_url);
        u.append(path);
        bool first = u.find('?') == std::string::npos;
        auto add = [&](std::string_view kv) {
            u.push_back(first ? '?' : '&');
            first = false;
            u.append(kv);
        };
        for (const auto& [k, v] : query_params)
            add(url_encode(k) + "=" + url_encode(v));
        if (!extra_query.empty()) add(extra_query);
        return u;
    }

    static ProviderConfig from_json(std::string_view provider_id, std::string_view json_text) {
        boost::system::error_code ec;
        auto v = boost::json::parse(json_text, ec);
        if (ec || !v.is_object()) throw Error(LLMH_ERR_INVALID_CONFIG, "provider configuration is not a JSON object");
        const auto& o = v.get_object();
        ProviderConfig c;
        c.id = provider_id;
        auto str = [&](std::string_view k) {
            auto it = o.find(k);
            return it != o.end() && it->value().is_string() ? std::string(it->value().get_string()) : std::string();
        };
        auto num = [&](std::string_view k) -> int64_t {
            auto it = o.find(k);
            return it != o.end() && it->value().is_number() ? it->value().to_number<int64_t>() : 0;
        };
        auto pairs = [&](std::string_view k) {
            std::vector<std::pair<std::string, std::string>> out;
            auto it = o.find(k);
            if (it != o.end() && it->value().is_object())
                for (const auto& kv : it->value().get_object())
                    if (kv.value().is_string()) out.emplace_back(kv.key(), kv.value().get_string());
            return out;
        };
        c.base_url = str("base_url");
        while (!c.base_url.empty() && c.base_url.back() == '/')
            c.base_url.pop_back();
        c.default_model = str("default_model");
        c.http_headers = pairs("http_headers");
        c.query_params = pairs("query_params");
        c.timeout_ms = num("timeout_ms");
        c.stream_idle_timeout_ms = num("stream_idle_timeout_ms");
        if (auto it = o.find("options"); it != o.end() && it->value().is_object()) c.options = it->value().get_object();
        return c;
    }
};

// Reads a plugin's `options`, rejecting keys it does not know with a message naming the
// ones it does.
class OptionReader {
  public:
    OptionReader(const boost::json::object& options, std::vector<std::string_view> known)
        : options_(options), known_(std::move(known)) {
        for (const auto& kv : options_) {
            bool ok = false;
            for (auto k : known_)
                ok = ok || kv.key() == k;
            if (!ok) {
                std::string names;
                for (auto k : known_)
                    names += (names.empty() ? "" : ", ") + std::string(k);
                throw Error(LLMH_ERR_INVALID_CONFIG,
                            "unknown option '" + std::string(kv.key()) + "'" +
                                (names.empty() ? std::string(" (this provider takes no options)")
                                               : " (known options: " + names + ")"));
            }
        }
    }

    std::optional<std::string> string(std::string_view key) const {
        const auto* v = find(key);
        if (!v) return std::nullopt;
        if (!v->is_string()) throw type_error(key, "a string");
        return std::string(v->get_string());
    }
    std::optional<int64_t> integer(std::string_view key) const {
        const auto* v = find(key);
        if (!v) return std::nullopt;
        if (!v->is_int64() && !v->is_uint64()) throw type_error(key, "an integer");
        return v->to_number<int64_t>();
    }
    std::optional<double> number(std::string_view key) const {
        const auto* v = find(key);
        if (!v) return std::nullopt;
        if (!v->is_number()) throw type_error(key, "a number");
        return v->to_number<double>();
    }
    std::optional<bool> boolean(std::string_view key) const {
        const auto* v = find(key);
        if (!v) return std::nullopt;
        if (!v->is_bool()) throw type_error(key, "true or false");
        return v->get_bool();
    }
    const boost::json::value* raw(std::string_view key) const { return find(key); }

  private:
    const boost::json::value* find(std::string_view key) const {
        auto it = options_.find(key);
        return it == options_.end() || it->value().is_null() ? nullptr : &it->value();
    }
    static Error type_error(std::string_view key, std::string_view expected) {
        return Error(LLMH_ERR_INVALID_CONFIG, "option '" + std::string(key) + "' must be " + std::string(expected));
    }

    const boost::json::object& options_;
    std::vector<std::string_view> known_;
};

// What a plugin implements: one instance per configured provider id.
class Provider {
  public:
    virtual ~Provider() = default;
    virtual void chat(const ChatRequest& request, Call& call, EventSink& sink) = 0;
    virtual boost::json::value embed(const EmbedRequest&, Call&) {
        throw Error(LLMH_ERR_UNSUPPORTED, "this provider does not offer embeddings");
    }
    virtual boost::json::value list_models(Call&) {
        throw Error(LLMH_ERR_UNSUPPORTED, "this provider cannot list models");
    }
    // LLMH_CAP_* bits for `model`; 0 means "as declared in the metadata".
    virtual uint32_t capabilities(std::string_view /*model*/) const { return 0; }
    // The input tokens `request` would take, from the provider's own counter (ABI 1.1). A
    // provider without one says so; it never estimates.
    virtual int64_t count_tokens(const ChatRequest&, Call&) {
        throw Error(LLMH_ERR_UNSUPPORTED, "this provider has no token counter");
    }
    // Whether chat() takes a request whose conversation is this client's own body
    // (ChatRequest::wire, ABI 1.2), to send on as it came. `request` is the rest of it (its
    // model, settings), for a provider whose answer depends on them; by default it does not.
    virtual bool takes_wire(const WireBody& /*wire*/) const { return false; }
    virtual bool takes_wire_for(const WireBody& wire, const ChatRequest& /*request*/) const { return takes_wire(wire); }
};

using ProviderFactory = std::unique_ptr<Provider> (*)(const Host& host, const ProviderConfig& config);

// What a plugin runs once per process before its first provider is created (the ABI's
// `init`): global setup that may fail, reported by throwing Error. It runs once: after it
// succeeded the host's later calls do nothing; after it failed the next call tries again.
using PluginInit = void (*)(const Host& host);

// What LLMH_PLUGIN_ENTRY takes after the factory, in this order: the LLMH_PLUGIN_* flags
// (LLMH_PLUGIN_COOPERATIVE: see LLMH_DEFINE_COOPERATIVE_PLUGIN below) and an init.
struct PluginEntry {
    uint32_t flags = 0;
    PluginInit init = nullptr;
};

namespace plugin_detail {

// `message` with `subject` (a provider id, a plugin name) in front — unless it already starts
// with it, followed by ':' or ' ' or nothing, which is left as it is.
inline std::string named_message(std::string_view subject, std::string_view message) {
    if (subject.empty()) return std::string(message);
    if (message.starts_with(subject) &&
        (message.size() == subject.size() || message[subject.size()] == ':' || message[subject.size()] == ' '))
        return std::string(message);
    std::string out;
    out.reserve(subject.size() + 2 + message.size());
    out.append(subject).append(": ").append(message);
    return out;
}

inline Error named_error(std::string_view subject, const Error& e) {
    return Error(e.error_class(), named_message(subject, e.what()), e.http_status(), e.retry_after_ms());
}

// Runs `body`, putting `subject` in front of the message of any Error it throws (once), as
// the table's functions do: for code that calls a provider directly (a unit test) and wants
// the messages a user sees.
template <class Body> auto with_subject(std::string_view subject, Body&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const Error& e) {
        throw named_error(subject, e);
    }
}

// Fills the host's llmh_error as far as its struct_size reaches (0: the host did not say, the
// 1.0 layout is assumed); a message cut short stays NUL-terminated.
inline void report(llmh_error* out, int32_t cls, std::string_view message, int http_status = 0,
                   int64_t retry_after_ms = -1) noexcept {
    if (!out) return;
    const uint32_t size = out->struct_size;
    if (size == 0 || size >= sizeof(llmh_error)) {
        fill_error(out, cls, message, http_status, retry_after_ms);
        return;
    }
    if (size <= sizeof(uint32_t)) return;
    llmh_error full = make_empty_error();
    fill_error(&full, cls, message, http_status, retry_after_ms);
    std::memcpy(reinterpret_cast<char*>(out) + sizeof(uint32_t),
                reinterpret_cast<const char*>(&full) + sizeof(uint32_t), size - sizeof(uint32_t));
    if (size > offsetof(llmh_error, message)) reinterpret_cast<char*>(out)[size - 1] = '\0';
}

// Reports `message` with `subject` in front (once); without it when even that fails.
inline void report_named(llmh_error* out, std::string_view subject, int32_t cls, std::string_view message,
                         int http_status = 0, int64_t retry_after_ms = -1) noexcept {
    try {
        report(out, cls, named_message(subject, message), http_status, retry_after_ms);
    } catch (...) {
        report(out, cls, message, http_status, retry_after_ms);
    }
}

// Runs `body`, turning every exception into a filled llmh_error and its class. Its message
// starts with `subject`: the provider id, or the plugin's name for init. This is the one
// place a plugin's errors are named, so that a plugin need not catch and rethrow to name them.
template <class Body> int32_t guarded(llmh_error* error, std::string_view subject, Body&& body) noexcept {
    try {
        body();
        return LLMH_OK;
    } catch (const Error& e) {
        report_named(error, subject, e.error_class(), e.what(), e.http_status(), e.retry_after_ms());
        return e.error_class();
    } catch (const std::exception& e) {
        report_named(error, subject, LLMH_ERR_PLUGIN_INTERNAL, std::string("plugin failure: ") + e.what());
    } catch (...) {
        report_named(error, subject, LLMH_ERR_PLUGIN_INTERNAL, "plugin failure: unknown exception");
    }
    return LLMH_ERR_PLUGIN_INTERNAL;
}

template <class Body> int32_t guarded(llmh_error* error, Body&& body) noexcept {
    return guarded(error, std::string_view(), std::forward<Body>(body));
}

struct Instance {
    Host host;
    std::unique_ptr<Provider> provider;
    std::string id; // the provider id, in front of every error message
};

inline Instance* instance(llmh_provider* p) { return reinterpret_cast<Instance*>(p); }

inline void write_json(const llmh_json_sink* out, const boost::json::value& v) {
    if (!reaches(out, &llmh_json_sink::write) || !out->write)
        throw Error(LLMH_ERR_BAD_REQUEST, "the host's JSON sink has no write");
    const std::string text = boost::json::serialize(v);
    out->write(out->user, to_str(text));
}

// The plugin's init, as the table's: run once, named with the plugin's name.
struct InitState {
    std::mutex mutex;
    PluginInit fn = nullptr;
    std::string_view plugin_name;
    bool done = false;
};

template <ProviderFactory Factory, PluginInit Init = nullptr> struct Adapter {
    static InitState& init_state() {
        static InitState state;
        return state;
    }
    static int32_t init(const llmh_host_services* services, llmh_error* error) noexcept {
        auto& state = init_state();
        return guarded(error, state.plugin_name, [&] {
            std::lock_guard lock(state.mutex);
            if (state.done || !state.fn) return;
            state.fn(Host(services));
            state.done = true;
        });
    }
    static int32_t create(const llmh_host_services* services, llmh_str id, llmh_str config_json, llmh_provider** out,
                          llmh_error* error) noexcept {
        return guarded(error, view(id), [&] {
            auto config = ProviderConfig::from_json(view(id), view(config_json));
            auto inst = std::make_unique<Instance>(Instance{Host(services), nullptr, std::string(view(id))});
            inst->provider = Factory(inst->host, config);
            if (!inst->provider) throw Error(LLMH_ERR_PLUGIN_INTERNAL, "the plugin's factory returned no provider");
            *out = reinterpret_cast<llmh_provider*>(inst.release());
        });
    }
    static void destroy(llmh_provider* p) noexcept {
        try {
            delete instance(p);
        } catch (...) {
        }
    }
    static int32_t chat(llmh_provider* p, const llmh_call_context* ctx, llmh_str request_json,
                        const llmh_event_sink* sink, llmh_error* error) noexcept {
        auto* inst = instance(p);
        return guarded(error, inst->id, [&] {
            const ChatRequest request = parse_chat_request(view(request_json));
            Call call(inst->host, ctx);
            EventSink events(sink, inst->host.abi_minor());
            inst->provider->chat(request, call, events);
        });
    }
    static int32_t chat_wire(llmh_provider* p, const llmh_call_context* ctx, llmh_str protocol, llmh_str wire_body,
                             llmh_str request_json, const llmh_event_sink* sink, llmh_error* error) noexcept {
        auto* inst = instance(p);
        return guarded(error, inst->id, [&] {
            const WireBody wire{view(protocol), view(wire_body)};
            ChatRequest request = parse_chat_request(view(request_json));
            if (!inst->provider->takes_wire_for(wire, request))
                throw Error(LLMH_ERR_UNSUPPORTED, "this provider does not take this " + std::string(wire.protocol) +
                                                      " request body as it came");
            request.wire = wire;
            Call call(inst->host, ctx);
            EventSink events(sink, inst->host.abi_minor());
            inst->provider->chat(request, call, events);
        });
    }
    static int32_t embed(llmh_provider* p, const llmh_call_context* ctx, llmh_str request_json,
                         const llmh_json_sink* out, llmh_error* error) noexcept {
        auto* inst = instance(p);
        return guarded(error, inst->id, [&] {
            Call call(inst->host, ctx);
            write_json(out, inst->provider->embed(parse_embed_request(view(request_json)), call));
        });
    }
    static int32_t list_models(llmh_provider* p, const llmh_call_context* ctx, const llmh_json_sink* out,
                               llmh_error* error) noexcept {
        auto* inst = instance(p);
        return guarded(error, inst->id, [&] {
            Call call(inst->host, ctx);
            write_json(out, inst->provider->list_models(call));
        });
    }
    static int32_t count_tokens(llmh_provider* p, const llmh_call_context* ctx, llmh_str request_json,
                                const llmh_json_sink* out, llmh_error* error) noexcept {
        auto* inst = instance(p);
        return guarded(error, inst->id, [&] {
            Call call(inst->host, ctx);
            const int64_t n = inst->provider->count_tokens(parse_chat_request(view(request_json)), call);
            write_json(out, boost::json::object{{"input_tokens", n}});
        });
    }
    static uint32_t capabilities(llmh_provider* p, llmh_str model) noexcept {
        try {
            return instance(p)->provider->capabilities(view(model));
        } catch (...) {
            return 0;
        }
    }

    // The table, built on the first call (later calls return it as it is). `init` is used
    // when the Init parameter is not given.
    static const llmh_plugin* table(std::string_view name, std::string_view version, uint32_t flags = 0,
                                    PluginInit init_fn = nullptr) noexcept {
        static const llmh_plugin plugin = [&] {
            auto& state = init_state();
            if constexpr (Init != nullptr)
                state.fn = Init;
            else
                state.fn = init_fn;
            state.plugin_name = name;
            llmh_plugin t{};
            t.struct_size = sizeof t;
            t.abi_major = LLMH_ABI_MAJOR;
            t.abi_minor = LLMH_ABI_MINOR;
            t.flags = flags;
            t.name = to_str(name);
            t.version = to_str(version);
            if (state.fn) t.init = &init;
            t.create = &create;
            t.destroy = &destroy;
            t.chat = &chat;
            t.embed = &embed;
            t.list_models = &list_models;
            t.capabilities = &capabilities;
            t.count_tokens = &count_tokens; // 1.1: a 1.0 host reads the table no further than capabilities
            t.chat_wire = &chat_wire;       // 1.2
            return t;
        }();
        return &plugin;
    }
};

// What the entry point does: keeps the host's minor for host_abi_minor(), returns the table.
template <ProviderFactory Factory, PluginInit Init = nullptr>
const llmh_plugin* entry(uint32_t host_abi_minor, PluginIdentity identity, PluginEntry options = {}) noexcept {
    entry_host_abi_minor().store(host_abi_minor, std::memory_order_relaxed);
    return Adapter<Factory, Init>::table(identity.name, identity.version, options.flags, options.init);
}

} // namespace plugin_detail
} // namespace llmhost

// Defines the plugin's one exported symbol, with the name and version LLMH_PLUGIN declared
// (plugin.hpp). FACTORY is a function `std::unique_ptr<llmhost::Provider>(const
// llmhost::Host&, const llmhost::ProviderConfig&)`; what follows it initialises a
// llmhost::PluginEntry (flags, init), by position or designated:
//
//     LLMH_PLUGIN_ENTRY(&make_acme_provider);
//     LLMH_PLUGIN_ENTRY(&make_acme_provider, LLMH_PLUGIN_COOPERATIVE);
//     LLMH_PLUGIN_ENTRY(&make_acme_provider, .flags = LLMH_PLUGIN_COOPERATIVE, .init = &acme_init);
#define LLMH_PLUGIN_ENTRY(FACTORY, ...)                                                                                \
    extern "C" LLMH_EXPORT const llmh_plugin* LLMH_ENTRY_POINT(uint32_t host_abi_minor) {                              \
        return ::llmhost::plugin_detail::entry<FACTORY>(host_abi_minor, ::llmhost::plugin_detail::plugin_identity(),   \
                                                        ::llmhost::PluginEntry{__VA_ARGS__});                          \
    }                                                                                                                  \
    static_assert(true, "LLMH_PLUGIN_ENTRY is used as a declaration")

// The older form: the name and version again, as string literals that match the metadata
// (LLMH_PLUGIN_METADATA). Kept for the plugins written with it.
#define LLMH_DEFINE_PLUGIN(NAME, VERSION, FACTORY) LLMH_DEFINE_PLUGIN_WITH_FLAGS(NAME, VERSION, FACTORY, 0u)

// The same for a plugin that keeps the promise of LLMH_PLUGIN_COOPERATIVE (provider_abi.h):
// it waits only inside Call's HTTP functions and holds no lock across them. Most plugins,
// which only translate requests and responses, do; in the gateway their calls then share
// event-loop threads instead of taking a thread each.
#define LLMH_DEFINE_COOPERATIVE_PLUGIN(NAME, VERSION, FACTORY)                                                         \
    LLMH_DEFINE_PLUGIN_WITH_FLAGS(NAME, VERSION, FACTORY, LLMH_PLUGIN_COOPERATIVE)

#define LLMH_DEFINE_PLUGIN_WITH_FLAGS(NAME, VERSION, FACTORY, FLAGS)                                                   \
    LLMH_DEFINE_PLUGIN_WITH_INIT(NAME, VERSION, FACTORY, FLAGS, nullptr)

// The same with an `init` to run once before the first provider: INIT is a function
// `void(const llmhost::Host&)` that throws llmhost::Error when the plugin cannot work.
#define LLMH_DEFINE_PLUGIN_WITH_INIT(NAME, VERSION, FACTORY, FLAGS, INIT)                                              \
    extern "C" LLMH_EXPORT const llmh_plugin* LLMH_ENTRY_POINT(uint32_t host_abi_minor) {                              \
        return ::llmhost::plugin_detail::entry<FACTORY, INIT>(host_abi_minor, {NAME, VERSION}, {FLAGS, nullptr});      \
    }
