// ProviderInstance: host-side calls into one provider a plugin created, through the C ABI.
#include "core/fiber/activity.hpp"
#include "core/fiber/fiber_wait.hpp"
#include "core/plugins/abi_copy.hpp"
#include "core/plugins/crash_report.hpp"
#include "core/plugins/plugin_errors.hpp"
#include "core/plugins/plugin_loader.hpp"

#include <llmhost/error.hpp>

#include <boost/json.hpp>

#include <cstddef>
#include <exception>

namespace llmhost::plugins {

namespace {

// The per-call state a plugin sees through llmh_call_context::host_call.
class CallScope {
  public:
    CallScope(const CallOptions& o, const HostServices* services)
        : state_{services ? &services->http_client() : nullptr,
                 o.cancel,
                 o.total_timeout,
                 o.idle_timeout,
                 o.response_limits,
                 services ? services->http_script() : nullptr} {
        context_.struct_size = sizeof context_;
        context_.api_key = to_str(o.api_key);
        context_.host_call = &state_;
    }
    CallScope(const CallScope&) = delete;
    CallScope& operator=(const CallScope&) = delete;
    const llmh_call_context* context() const { return &context_; }

  private:
    CallState state_;
    llmh_call_context context_{};
};

struct EventForwarder {
    const std::function<bool(const llmh_event&)>* on_event;
    bool stopped = false;
    bool forwarded_any = false;
    std::exception_ptr failure = nullptr; // thrown by on_event; rethrown once the plugin returns

    static bool forward(void* user, const llmh_event* event) noexcept {
        auto& self = *static_cast<EventForwarder*>(user);
        if (self.stopped) return false; // the plugin kept pushing after being told to stop
        if (!event) return true;
        self.forwarded_any = true;
        try {
            const bool keep = event->struct_size >= sizeof(llmh_event) ? (*self.on_event)(*event)
                                                                       : (*self.on_event)(upgraded_event(*event));
            self.stopped = !keep;
            return keep;
        } catch (...) {
            self.failure = std::current_exception();
            self.stopped = true;
            return false;
        }
    }
};

void append_json(void* user, llmh_str json) noexcept {
    try {
        static_cast<std::string*>(user)->append(view(json));
    } catch (...) {
    }
}

llmh_json_sink json_sink(std::string& into) {
    llmh_json_sink sink{};
    sink.struct_size = sizeof sink;
    sink.user = &into;
    sink.write = &append_json;
    return sink;
}

} // namespace

ProviderInstance::ProviderInstance(const llmh_plugin& plugin, llmh_provider* provider, const HostServices* services)
    : plugin_(plugin), provider_(provider), services_(services), name_(plugin_display_name(plugin)),
      subject_("plugin '" + name_ + "'"), cooperative_((plugin.flags & LLMH_PLUGIN_COOPERATIVE) != 0) {}

void ProviderInstance::enter(const char* operation, const std::function<void()>& call) const {
    // Named in the report if it crashes the process, on whichever thread runs it.
    const auto labelled = [&] {
        ensure_crash_report_stack();
        const fiber::ActivityScope activity(subject_.c_str(), operation);
        call();
    };
    if (!cooperative_ || blocks_loops_.load(std::memory_order_relaxed))
        return fiber::run_blocking(labelled); // off the event loop when on a fiber; right here otherwise
    // On a fiber, its waits suspend the fiber instead of blocking the thread; the stall watch
    // catches a plugin that breaks that promise.
    struct Watched {
        explicit Watched(const ProviderInstance& self) {
            fiber::set_stall_listener(const_cast<ProviderInstance*>(&self));
        }
        ~Watched() { fiber::set_stall_listener(nullptr); }
    } watched(*this);
    labelled();
}

void ProviderInstance::on_stall(std::chrono::milliseconds stalled_for) noexcept {
    if (blocks_loops_.exchange(true) || !services_) return;
    try {
        const std::string message = "plugin '" + name_ +
                                    "' declares LLMH_PLUGIN_COOPERATIVE but has blocked an event-loop thread for " +
                                    std::to_string(stalled_for.count()) +
                                    " ms without waiting through the host; its calls run on the thread pool from now "
                                    "on (its author should drop the COOPERATIVE flag or stop blocking)";
        const llmh_host_services* table = services_->table();
        if (table->log) table->log(table->host, LLMH_LOG_WARN, {message.data(), message.size()});
    } catch (...) { // no memory for the message: the calls still move to the pool
    }
}

ProviderInstance::~ProviderInstance() {
    stop_listening(); // before anything on_stall reads goes away
    if (plugin_.destroy && provider_) plugin_.destroy(provider_);
}

void ProviderInstance::chat(std::string_view request_json, const CallOptions& options,
                            const std::function<bool(const llmh_event&)>& on_event) {
    if (!plugin_.chat) throw Error(LLMH_ERR_UNSUPPORTED, name_ + " does not support chat");
    run_chat(options, on_event, false,
             [&](const llmh_call_context* context, const llmh_event_sink* sink, llmh_error* error) {
                 return plugin_.chat(provider_, context, to_str(request_json), sink, error);
             });
}

bool ProviderInstance::chat_wire(std::string_view protocol, std::string_view wire_body, std::string_view request_json,
                                 const CallOptions& options, const std::function<bool(const llmh_event&)>& on_event) {
    if (!plugin_.chat_wire) return false;
    return run_chat(options, on_event, true,
                    [&](const llmh_call_context* context, const llmh_event_sink* sink, llmh_error* error) {
                        return plugin_.chat_wire(provider_, context, to_str(protocol), to_str(wire_body),
                                                 to_str(request_json), sink, error);
                    });
}

bool ProviderInstance::run_chat(const CallOptions& options, const std::function<bool(const llmh_event&)>& on_event,
                                bool may_decline, const ChatEntry& entry) {
    CallScope call(options, services_);
    EventForwarder forwarder{&on_event};
    llmh_event_sink sink{};
    sink.struct_size = sizeof sink;
    sink.user = &forwarder;
    sink.on_event = &EventForwarder::forward;
    llmh_error error = make_empty_error();
    int32_t rc = LLMH_OK;
    enter("chat", [&] { rc = entry(call.context(), &sink, &error); });
    if (forwarder.failure) std::rethrow_exception(forwarder.failure);
    if (forwarder.stopped && (rc == LLMH_OK || rc == LLMH_ERR_CANCELLED)) return true;
    if (may_decline && rc == LLMH_ERR_UNSUPPORTED && !forwarder.forwarded_any) return false;
    throw_if_failed(rc, error, name_, "chat");
    return true;
}

std::string ProviderInstance::embed(std::string_view request_json, const CallOptions& options) {
    if (!plugin_.embed) throw Error(LLMH_ERR_UNSUPPORTED, name_ + " does not support embeddings");
    CallScope call(options, services_);
    std::string out;
    const llmh_json_sink sink = json_sink(out);
    llmh_error error = make_empty_error();
    int32_t rc = LLMH_OK;
    enter("embed", [&] { rc = plugin_.embed(provider_, call.context(), to_str(request_json), &sink, &error); });
    throw_if_failed(rc, error, name_, "embed");
    return out;
}

std::string ProviderInstance::list_models(const CallOptions& options) {
    if (!plugin_.list_models) throw Error(LLMH_ERR_UNSUPPORTED, name_ + " does not support model listing");
    CallScope call(options, services_);
    std::string out;
    const llmh_json_sink sink = json_sink(out);
    llmh_error error = make_empty_error();
    int32_t rc = LLMH_OK;
    enter("list_models", [&] { rc = plugin_.list_models(provider_, call.context(), &sink, &error); });
    throw_if_failed(rc, error, name_, "list_models");
    return out;
}

int64_t ProviderInstance::count_tokens(std::string_view request_json, const CallOptions& options) {
    if (!plugin_.count_tokens)
        throw Error(LLMH_ERR_UNSUPPORTED, name_ + " has no token counter (its plugin offers none)");
    CallScope call(options, services_);
    std::string out;
    const llmh_json_sink sink = json_sink(out);
    llmh_error error = make_empty_error();
    int32_t rc = LLMH_OK;
    enter("count_tokens",
          [&] { rc = plugin_.count_tokens(provider_, call.context(), to_str(request_json), &sink, &error); });
    throw_if_failed(rc, error, name_, "count_tokens");
    boost::system::error_code ec;
    const auto v = boost::json::parse(out, ec);
    const auto* n = !ec && v.is_object() ? v.get_object().if_contains("input_tokens") : nullptr;
    if (!n || !(n->is_int64() || n->is_uint64()))
        throw Error(LLMH_ERR_PLUGIN_INTERNAL, name_ + ": count_tokens wrote no whole input_tokens");
    return n->to_number<int64_t>();
}

uint32_t ProviderInstance::capabilities(std::string_view model) const {
    return plugin_.capabilities ? plugin_.capabilities(provider_, to_str(model)) : 0;
}

} // namespace llmhost::plugins
