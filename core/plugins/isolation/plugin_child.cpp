#include "core/plugins/isolation/plugin_child.hpp"

#include "core/fiber/activity.hpp"
#include "core/plugins/abi_copy.hpp"
#include "core/plugins/crash_report.hpp"
#include "core/plugins/host_services.hpp"
#include "core/plugins/isolation/channel.hpp"
#include "core/plugins/plugin_errors.hpp"

#include "core/plugins/plugin_loader.hpp"
#include <llmhost/error.hpp>

#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace llmhost::plugins::isolation {

namespace {

using Clock = std::chrono::steady_clock;

// Frames gather up to this size, or this long, before they go to the host: a stream's events
// cross in a few writes, not one each (the host's end wakes once per write).
constexpr size_t kBatchBytes = 16 * 1024;
constexpr auto kBatchDelay = std::chrono::milliseconds(1);

struct ChildCall;
void track(ChildCall* call, bool live);

// One call (or create/destroy) being served on a channel: what the plugin's services reach
// through llmh_call_context::host_call, and the frames waiting to go to the host.
struct ChildCall {
    explicit ChildCall(Channel& c) : channel(c) {
        context.struct_size = sizeof context;
        context.host_call = this;
        track(this, true);
    }
    ~ChildCall() { track(this, false); }
    ChildCall(const ChildCall&) = delete;
    ChildCall& operator=(const ChildCall&) = delete;

    Channel& channel;
    llmh_call_context context{};
    bool cancelled = false;
    std::atomic<bool> in_exchange{false}; // inside http_request: frames from the host are the exchange's
    std::atomic<bool> host_wrote{false};  // seen by the flusher outside an exchange: a cancellation

    // Appends the frame `write` makes; sends what has gathered when `now` (an answer the host
    // waits for) or when it is large; else the flusher sends it within kBatchDelay.
    template <class Write> void frame(Write&& write, bool now) {
        std::lock_guard lock(out_mutex_);
        if (out_.empty()) pending_since_ = Clock::now();
        FrameWriter w(out_);
        write(w);
        if (now || out_.size() >= kBatchBytes) send_locked();
    }
    void flush() {
        std::lock_guard lock(out_mutex_);
        send_locked();
    }
    // The flusher's part: what has waited since before `cutoff` goes now.
    void flush_older_than(Clock::time_point cutoff) {
        std::unique_lock lock(out_mutex_, std::try_to_lock);
        if (lock && !out_.empty() && pending_since_ <= cutoff) send_locked();
    }
    // Outside an exchange the host only ever sends a cancellation: take it if it is there.
    void notice_cancel() {
        Frame f{};
        while (!cancelled && channel.readable_now()) {
            if (channel.read(f, std::chrono::milliseconds(0)) != Channel::ReadResult::frame ||
                f.type == FrameType::cancel)
                cancelled = true;
        }
    }

  private:
    void send_locked() {
        if (!out_.empty()) channel.send(out_);
        out_.clear();
    }
    std::mutex out_mutex_; // the call's thread appends, the flusher may send
    std::string out_;
    Clock::time_point pending_since_{};
};

struct LiveCalls {
    std::mutex mutex;
    std::set<ChildCall*> calls;
};

LiveCalls& live_calls() {
    static auto* calls = new LiveCalls();
    return *calls;
}

void track(ChildCall* call, bool live) {
    auto& l = live_calls();
    std::lock_guard lock(l.mutex);
    if (live)
        l.calls.insert(call);
    else
        l.calls.erase(call);
}

// Sends the frames that have waited kBatchDelay, and notes a host that wrote to a call outside
// an exchange (a cancellation, which the call's own thread then reads).
[[noreturn]] void flush_forever() {
    for (;;) {
        std::this_thread::sleep_for(kBatchDelay);
        const auto cutoff = Clock::now() - kBatchDelay;
        auto& l = live_calls();
        std::lock_guard lock(l.mutex);
        for (ChildCall* call : l.calls) {
            call->flush_older_than(cutoff);
            if (!call->in_exchange && call->channel.peer_wrote()) call->host_wrote = true;
        }
    }
}

thread_local ChildCall* t_call = nullptr; // the call this thread serves, for log()

struct ChildState {
    llmh_host_services services{};
    const llmh_plugin* plugin = nullptr;
    std::string subject; // "plugin '<name>'"
    std::mutex mutex;
    std::map<uint64_t, llmh_provider*> providers; // handles the host holds
    uint64_t next_handle = 1;
    const llmh_host_services* base = nullptr; // the local services (env, clocks, memory)
};

ChildState& state() {
    static auto* s = new ChildState();
    return *s;
}

void child_log(void* host, int32_t level, llmh_str message) {
    ChildCall* call = t_call;
    if (!call) return state().base->log(host, level, message);
    call->frame([&](FrameWriter& w) { w.begin(FrameType::log).i32(level).str(message).end(); }, false);
}

bool child_is_cancelled(const llmh_call_context* context) {
    auto* call = context ? static_cast<ChildCall*>(context->host_call) : nullptr;
    if (!call) return false;
    // Plugins may ask per event: read the socket only when the flusher saw the host write.
    if (!call->in_exchange && call->host_wrote.exchange(false)) call->notice_cancel();
    return call->cancelled;
}

int32_t child_http_request(const llmh_call_context* context, const llmh_http_request* request_in,
                           const llmh_http_response_handler* handler_in, llmh_error* error) {
    auto* call = context ? static_cast<ChildCall*>(context->host_call) : nullptr;
    if (!call || !request_in || !handler_in) {
        fill_error(error, LLMH_ERR_NETWORK, "http_request without a call, request or handler");
        return LLMH_ERR_NETWORK;
    }
    if (call->in_exchange) {
        fill_error(error, LLMH_ERR_PLUGIN_INTERNAL, "http_request called from inside another exchange's handler");
        return LLMH_ERR_PLUGIN_INTERNAL;
    }
    call->notice_cancel();
    if (call->cancelled) {
        fill_error(error, LLMH_ERR_CANCELLED, "cancelled");
        return LLMH_ERR_CANCELLED;
    }
    const llmh_http_request request = copy_abi_struct(request_in);
    const llmh_http_response_handler handler = copy_abi_struct(handler_in);
    call->frame(
        [&](FrameWriter& w) {
            w.begin(FrameType::http_request).str(request.method).str(request.url);
            write_headers(w, request.headers, request.header_count);
            w.str(request.body).i64(request.total_timeout_ms).i64(request.idle_timeout_ms).end();
        },
        true);

    call->in_exchange = true;
    Frame f{};
    for (;;) {
        if (call->channel.read(f) != Channel::ReadResult::frame) { // the host gave this call up
            call->in_exchange = false;
            call->cancelled = true;
            fill_error(error, LLMH_ERR_CANCELLED, "the host ended the call");
            return LLMH_ERR_CANCELLED;
        }
        FrameReader r(f.payload);
        bool keep = false;
        switch (f.type) {
        case FrameType::cancel: call->cancelled = true; continue;
        case FrameType::http_head: {
            const int32_t status = r.i32();
            HeaderList headers;
            headers.read(r);
            keep = r.ok() && !call->cancelled &&
                   (!handler.on_head ||
                    handler.on_head(handler.user, status, headers.headers.data(), headers.headers.size()));
            break;
        }
        case FrameType::http_body: {
            const llmh_str chunk = r.str();
            keep = r.ok() && !call->cancelled && (!handler.on_body || handler.on_body(handler.user, chunk));
            break;
        }
        case FrameType::http_end: {
            llmh_error e{};
            const int32_t result = r.error(e);
            call->in_exchange = false;
            if (result != LLMH_OK && error) *error = e;
            return result;
        }
        default:
            call->in_exchange = false;
            fill_error(error, LLMH_ERR_PLUGIN_INTERNAL, "unexpected frame from the host");
            return LLMH_ERR_PLUGIN_INTERNAL;
        }
        // The events the chunk caused go with its acknowledgement, in one write.
        call->frame([&](FrameWriter& w) { w.begin(FrameType::http_ack).u8(keep ? 1 : 0).end(); }, true);
    }
}

bool child_on_event(void* user, const llmh_event* event) {
    auto* call = static_cast<ChildCall*>(user);
    if (!event) return !call->cancelled;
    const llmh_event e = event->struct_size >= sizeof(llmh_event) ? *event : upgraded_event(*event);
    call->frame([&](FrameWriter& w) { w.begin(FrameType::event).event(e).end(); }, false);
    if (call->host_wrote.exchange(false) && !call->in_exchange) call->notice_cancel();
    return !call->cancelled;
}

void child_json(void* user, llmh_str json) {
    static_cast<ChildCall*>(user)->frame([&](FrameWriter& w) { w.begin(FrameType::json).str(json).end(); }, false);
}

llmh_provider* provider_of(uint64_t handle) {
    auto& s = state();
    std::lock_guard lock(s.mutex);
    const auto it = s.providers.find(handle);
    return it == s.providers.end() ? nullptr : it->second;
}

const char* operation_name(Operation op) {
    switch (op) {
    case Operation::chat:
    case Operation::chat_wire: return "chat";
    case Operation::embed: return "embed";
    case Operation::list_models: return "list_models";
    case Operation::count_tokens: return "count_tokens";
    case Operation::capabilities: return "capabilities";
    }
    return "call";
}

// Runs one operation; its result, error and value (a handle, capability bits) go in `done`.
void serve_call(ChildCall& call, FrameReader& r, int32_t& result, llmh_error& error, uint64_t& value) {
    auto& s = state();
    const auto op = static_cast<Operation>(r.u8());
    llmh_provider* provider = provider_of(r.u64());
    call.context.api_key = r.str();
    const llmh_str protocol = r.str();
    const llmh_str wire_body = r.str();
    const llmh_str request = r.str();
    if (!r.ok() || !provider) {
        fill_error(&error, LLMH_ERR_PLUGIN_INTERNAL, "a call for an unknown provider instance");
        result = LLMH_ERR_PLUGIN_INTERNAL;
        return;
    }
    llmh_event_sink sink{sizeof(llmh_event_sink), 0, &call, &child_on_event};
    llmh_json_sink json{sizeof(llmh_json_sink), 0, &call, &child_json};
    const llmh_plugin& p = *s.plugin;
    const fiber::ActivityScope activity(s.subject.c_str(), operation_name(op));
    switch (op) {
    case Operation::chat:
        result = p.chat ? p.chat(provider, &call.context, request, &sink, &error) : LLMH_ERR_UNSUPPORTED;
        break;
    case Operation::chat_wire:
        result = p.chat_wire ? p.chat_wire(provider, &call.context, protocol, wire_body, request, &sink, &error)
                             : LLMH_ERR_UNSUPPORTED;
        break;
    case Operation::embed:
        result = p.embed ? p.embed(provider, &call.context, request, &json, &error) : LLMH_ERR_UNSUPPORTED;
        break;
    case Operation::list_models:
        result = p.list_models ? p.list_models(provider, &call.context, &json, &error) : LLMH_ERR_UNSUPPORTED;
        break;
    case Operation::count_tokens:
        result =
            p.count_tokens ? p.count_tokens(provider, &call.context, request, &json, &error) : LLMH_ERR_UNSUPPORTED;
        break;
    case Operation::capabilities: value = p.capabilities ? p.capabilities(provider, request) : 0; break;
    }
}

void serve_create(FrameReader& r, int32_t& result, llmh_error& error, uint64_t& value) {
    auto& s = state();
    const llmh_str id = r.str();
    const llmh_str config = r.str();
    if (!r.ok() || !s.plugin->create) {
        fill_error(&error, LLMH_ERR_UNSUPPORTED, "the plugin does not create providers");
        result = LLMH_ERR_UNSUPPORTED;
        return;
    }
    llmh_provider* provider = nullptr;
    const fiber::ActivityScope activity(s.subject.c_str(), "create");
    result = s.plugin->create(&s.services, id, config, &provider, &error);
    if (result != LLMH_OK) return;
    std::lock_guard lock(s.mutex);
    value = s.next_handle++;
    s.providers.emplace(value, provider);
}

void serve_destroy(FrameReader& r) {
    auto& s = state();
    llmh_provider* provider = nullptr;
    {
        std::lock_guard lock(s.mutex);
        const auto it = s.providers.find(r.u64());
        if (it == s.providers.end()) return;
        provider = it->second;
        s.providers.erase(it);
    }
    const fiber::ActivityScope activity(s.subject.c_str(), "destroy");
    if (s.plugin->destroy && provider) s.plugin->destroy(provider);
}

// Serves the calls the host sends on one channel, one after another, until it closes it.
void serve_channel(int fd) {
    ensure_crash_report_stack();
    Channel channel(fd);
    Frame f{};
    while (channel.read(f) == Channel::ReadResult::frame) {
        if (f.type == FrameType::cancel) continue; // for a call that has ended since
        ChildCall call(channel);
        t_call = &call;
        FrameReader r(f.payload);
        int32_t result = LLMH_OK;
        llmh_error error = make_empty_error();
        uint64_t value = 0;
        switch (f.type) {
        case FrameType::create: serve_create(r, result, error, value); break;
        case FrameType::destroy: serve_destroy(r); break;
        case FrameType::call: serve_call(call, r, result, error, value); break;
        default:
            fill_error(&error, LLMH_ERR_PLUGIN_INTERNAL, "unexpected frame from the host");
            result = LLMH_ERR_PLUGIN_INTERNAL;
        }
        t_call = nullptr;
        call.frame([&](FrameWriter& w) { w.begin(FrameType::done).error(result, error).u64(value).end(); }, true);
    }
}

// Receives the sockets of new channels from the host, one thread each, until the host goes.
[[noreturn]] void accept_channels(int control) {
    for (;;) {
        char byte = 0;
        iovec io{&byte, 1};
        alignas(cmsghdr) char space[CMSG_SPACE(sizeof(int))];
        msghdr msg{};
        msg.msg_iov = &io;
        msg.msg_iovlen = 1;
        msg.msg_control = space;
        msg.msg_controllen = sizeof space;
        const ssize_t n = ::recvmsg(control, &msg, MSG_CMSG_CLOEXEC);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) std::_Exit(0); // the host is gone: so is its plugin
        const cmsghdr* c = CMSG_FIRSTHDR(&msg);
        if (!c || c->cmsg_type != SCM_RIGHTS) continue;
        int fd = -1;
        std::memcpy(&fd, CMSG_DATA(c), sizeof fd);
        std::thread(serve_channel, fd).detach();
    }
}

uint32_t offered_operations(const llmh_plugin& p) {
    uint32_t bits = 0;
    const auto offer = [&](bool present, Operation op) {
        if (present) bits |= 1u << static_cast<unsigned>(op);
    };
    offer(p.chat, Operation::chat);
    offer(p.chat_wire, Operation::chat_wire);
    offer(p.embed, Operation::embed);
    offer(p.list_models, Operation::list_models);
    offer(p.count_tokens, Operation::count_tokens);
    offer(p.capabilities, Operation::capabilities);
    return bits;
}

} // namespace

int run_plugin_child(int argc, char** argv) {
    if (argc < 4) {
        std::fputs("llmhost: __plugin-child is started by llmhost itself, for plugin isolation\n", stderr);
        return 2;
    }
    ::prctl(PR_SET_PDEATHSIG, SIGKILL); // never outlive the host
    const std::string path = argv[2];
    const int control = std::atoi(argv[3]);
    Channel hello_channel(::dup(control));

    // The host's environment overrides come first; the plugin's init may read them.
    static transport::HttpClient unused_http; // the HTTP service is the host's; never used here
    static HostServices local(unused_http);
    Frame f{};
    if (hello_channel.read(f) != Channel::ReadResult::frame || f.type != FrameType::hello) return 2;
    FrameReader r(f.payload);
    for (uint32_t i = 0, n = r.u32(); i < n && r.ok(); ++i) {
        const std::string name(r.bytes());
        local.set_env_override(name, std::string(r.bytes()));
    }

    auto& s = state();
    s.base = local.table();
    s.services = *local.table();
    s.services.log = &child_log;
    s.services.http_request = &child_http_request;
    s.services.is_cancelled = &child_is_cancelled;

    // What init logs goes to the host with the answer.
    ChildCall start(hello_channel);
    t_call = &start;
    std::string reply;
    try {
        s.plugin = &open_plugin_library(path, &s.services);
        s.subject = "plugin '" + plugin_display_name(*s.plugin) + "'";
        start.frame(
            [&](FrameWriter& w) {
                w.begin(FrameType::ready)
                    .str(s.plugin->name)
                    .str(s.plugin->version)
                    .u32(s.plugin->abi_minor)
                    .u32(s.plugin->flags)
                    .u32(offered_operations(*s.plugin))
                    .end();
            },
            true);
    } catch (const std::exception& e) {
        start.frame([&](FrameWriter& w) { w.begin(FrameType::load_error).bytes(e.what()).end(); }, true);
    }
    t_call = nullptr;
    start.flush();
    if (!s.plugin) return 6;
    std::thread(flush_forever).detach();
    accept_channels(control);
}

} // namespace llmhost::plugins::isolation
