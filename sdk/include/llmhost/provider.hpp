// Header-only C++ side of the plugin hourglass. A plugin author derives from
// llmhost::Provider, writes a factory, and adds two macros:
//
//     LLMH_PLUGIN_METADATA(R"json({"name": "acme", ...})json");
//     LLMH_DEFINE_PLUGIN("acme", "1.0.0", &make_acme_provider);
//
// Everything that crosses to the host goes through provider_abi.h; every exception is caught
// here and becomes a typed llmh_error, so nothing C++ ever crosses the waist.
#pragma once

#include <llmhost/chat.hpp>
#include <llmhost/error.hpp>
#include <llmhost/http.hpp>
#include <llmhost/provider_abi.h>

#include <boost/json.hpp>

#include <cstdint>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llmhost {

// The host's services, as C++.
class Host {
  public:
    explicit Host(const llmh_host_services* services) : s_(services) {}

    void log(llmh_log_level level, std::string_view message) const {
        if (s_->log) s_->log(s_->host, level, to_str(message));
    }
    std::optional<std::string_view> env(std::string_view name) const {
        llmh_str value{};
        if (s_->get_env && s_->get_env(s_->host, to_str(name), &value)) return view(value);
        return std::nullopt;
    }
    int64_t monotonic_ns() const { return s_->monotonic_ns ? s_->monotonic_ns(s_->host) : 0; }
    int64_t wall_clock_ms() const { return s_->wall_clock_ms ? s_->wall_clock_ms(s_->host) : 0; }
    // The host's LLMH_ABI_MINOR: what is newer than this, the host does not know (the SDK
    // itself sends a 1.0 host no 1.1 event).
    uint32_t abi_minor() const { return s_->abi_minor; }
    // True when the host's services table reaches `member` and fills it in. A plugin checks
    // this before it calls a service added after 1.0: an older host's table ends before it.
    template <class Member> bool offers(Member llmh_host_services::*member) const {
        static const llmh_host_services probe{};
        const auto offset = static_cast<size_t>(reinterpret_cast<const char*>(&(probe.*member)) -
                                                reinterpret_cast<const char*>(&probe));
        return s_->struct_size >= offset + sizeof(Member) && s_->*member != nullptr;
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
    // This attempt's credential. Never store, log or echo it.
    std::string_view api_key() const { return view(ctx_->api_key); }
    bool cancelled() const { return host_.raw()->is_cancelled && host_.raw()->is_cancelled(ctx_); }

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
        : sink_(sink), host_abi_minor_(host_abi_minor) {}

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
        started_ = true;
        if (!sink_->on_event(sink_->user, &e)) throw Error(LLMH_ERR_CANCELLED, "stopped by the host");
    }

    const llmh_event_sink* sink_;
    uint32_t host_abi_minor_;
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
// `init`): global setup that may fail, reported by throwing Error.
using PluginInit = void (*)(const Host& host);

namespace plugin_detail {

struct Instance {
    Host host;
    std::unique_ptr<Provider> provider;
};

inline Instance* instance(llmh_provider* p) { return reinterpret_cast<Instance*>(p); }

// Runs `body`, turning every exception into a filled llmh_error and its class.
template <class Body> int32_t guarded(llmh_error* error, Body&& body) noexcept {
    try {
        body();
        return LLMH_OK;
    } catch (const Error& e) {
        fill_error(error, e);
        return e.error_class();
    } catch (const std::exception& e) {
        fill_error(error, LLMH_ERR_PLUGIN_INTERNAL, std::string("plugin failure: ") + e.what());
    } catch (...) {
        fill_error(error, LLMH_ERR_PLUGIN_INTERNAL, "plugin failure: unknown exception");
    }
    return LLMH_ERR_PLUGIN_INTERNAL;
}

inline void write_json(const llmh_json_sink* out, const boost::json::value& v) {
    const std::string text = boost::json::serialize(v);
    out->write(out->user, to_str(text));
}

template <ProviderFactory Factory, PluginInit Init = nullptr> struct Adapter {
    static int32_t init(const llmh_host_services* services, llmh_error* error) noexcept {
        return guarded(error, [&] { Init(Host(services)); });
    }
    static int32_t create(const llmh_host_services* services, llmh_str id, llmh_str config_json, llmh_provider** out,
                          llmh_error* error) noexcept {
        return guarded(error, [&] {
            auto config = ProviderConfig::from_json(view(id), view(config_json));
            auto inst = std::make_unique<Instance>(Instance{Host(services), nullptr});
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
        return guarded(error, [&] {
            auto* inst = instance(p);
            const ChatRequest request = parse_chat_request(view(request_json));
            Call call(inst->host, ctx);
            EventSink events(sink, inst->host.abi_minor());
            inst->provider->chat(request, call, events);
        });
    }
    static int32_t chat_wire(llmh_provider* p, const llmh_call_context* ctx, llmh_str protocol, llmh_str wire_body,
                             llmh_str request_json, const llmh_event_sink* sink, llmh_error* error) noexcept {
        return guarded(error, [&] {
            auto* inst = instance(p);
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
        return guarded(error, [&] {
            auto* inst = instance(p);
            Call call(inst->host, ctx);
            write_json(out, inst->provider->embed(parse_embed_request(view(request_json)), call));
        });
    }
    static int32_t list_models(llmh_provider* p, const llmh_call_context* ctx, const llmh_json_sink* out,
                               llmh_error* error) noexcept {
        return guarded(error, [&] {
            auto* inst = instance(p);
            Call call(inst->host, ctx);
            write_json(out, inst->provider->list_models(call));
        });
    }
    static int32_t count_tokens(llmh_provider* p, const llmh_call_context* ctx, llmh_str request_json,
                                const llmh_json_sink* out, llmh_error* error) noexcept {
        return guarded(error, [&] {
            auto* inst = instance(p);
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

    static const llmh_plugin* table(std::string_view name, std::string_view version, uint32_t flags = 0) noexcept {
        static const llmh_plugin plugin = [&] {
            llmh_plugin t{};
            t.struct_size = sizeof t;
            t.abi_major = LLMH_ABI_MAJOR;
            t.abi_minor = LLMH_ABI_MINOR;
            t.flags = flags;
            t.name = to_str(name);
            t.version = to_str(version);
            if constexpr (Init != nullptr) t.init = &init;
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

} // namespace plugin_detail
} // namespace llmhost

// Defines the plugin's one exported symbol. NAME and VERSION are string literals that match
// the metadata; FACTORY is a function `std::unique_ptr<llmhost::Provider>(const
// llmhost::Host&, const llmhost::ProviderConfig&)`.
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
    extern "C" LLMH_EXPORT const llmh_plugin* LLMH_ENTRY_POINT(uint32_t /*host_abi_minor*/) {                          \
        return ::llmhost::plugin_detail::Adapter<FACTORY, INIT>::table(NAME, VERSION, FLAGS);                          \
    }
