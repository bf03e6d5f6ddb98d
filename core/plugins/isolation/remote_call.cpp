#include "core/plugins/isolation/remote_call.hpp"

#include "core/plugins/plugin_errors.hpp"

#include <llmhost/error.hpp>

namespace llmhost::plugins::isolation {

namespace {

using std::chrono::milliseconds;

// How often a wait for the child looks at the host's cancellation.
constexpr milliseconds kCancelPoll{50};
// How long a child may take to stop once told to, before it counts as hung.
constexpr milliseconds kStopGrace{1000};

} // namespace

RemoteCall::RemoteCall(PluginProcess& process, Lease& lease, const char* operation, const llmh_call_context* call,
                       const llmh_event_sink* sink, const llmh_json_sink* json)
    : process_(process), lease_(lease), operation_(operation), call_(call), sink_(sink), json_(json) {}

int32_t RemoteCall::run(std::string_view frame, llmh_error* error, uint64_t* value) {
    const auto lost = [&] {
        const std::string why = process_.lost(lease_, operation_, kill_reason_);
        const bool cancelled = stop_sent_ && !sink_stopped_;
        fill_error(error, cancelled ? LLMH_ERR_CANCELLED : LLMH_ERR_PLUGIN_INTERNAL, why);
        return cancelled ? LLMH_ERR_CANCELLED : LLMH_ERR_PLUGIN_INTERNAL;
    };
    if (!lease_.channel->send(frame)) return broken_ = true, lost();
    Frame f{};
    while (next(f)) {
        if (f.type == FrameType::http_request) {
            if (!exchange(f)) break;
            continue;
        }
        if (f.type != FrameType::done) {
            if (!deliver(f)) break;
            continue;
        }
        FrameReader r(f.payload);
        llmh_error e{};
        const int32_t result = r.error(e);
        const uint64_t answer = r.u64();
        if (!r.ok()) break;
        if (result != LLMH_OK && error) *error = e;
        if (value) *value = answer;
        return result;
    }
    broken_ = true;
    return lost();
}

void RemoteCall::stop() {
    if (stop_sent_) return;
    stop_sent_ = true;
    stop_sent_at_ = std::chrono::steady_clock::now();
    std::string cancel;
    FrameWriter(cancel).begin(FrameType::cancel).end();
    lease_.channel->send(cancel);
}

bool RemoteCall::next(Frame& frame) {
    const llmh_host_services& host = process_.host();
    for (;;) {
        switch (lease_.channel->read(frame, kCancelPoll)) {
        case Channel::ReadResult::frame: return true;
        case Channel::ReadResult::closed: broken_ = true; return false;
        case Channel::ReadResult::timed_out: break;
        }
        if (!stop_sent_ && call_ && host.is_cancelled && host.is_cancelled(call_)) stop();
        if (stop_sent_ && std::chrono::steady_clock::now() - stop_sent_at_ > kStopGrace) {
            kill_reason_ = "did not stop " + std::string(operation_) + " within " + std::to_string(kStopGrace.count()) +
                           " ms of its cancellation";
            broken_ = true;
            return false;
        }
    }
}

bool RemoteCall::deliver(const Frame& frame) {
    FrameReader r(frame.payload);
    switch (frame.type) {
    case FrameType::event: {
        const llmh_event event = r.event();
        if (!r.ok()) return false;
        if (sink_ && !sink_stopped_ && !sink_->on_event(sink_->user, &event)) {
            sink_stopped_ = true;
            stop();
        }
        return true;
    }
    case FrameType::json: {
        const llmh_str json = r.str();
        if (!r.ok()) return false;
        if (json_) json_->write(json_->user, json);
        return true;
    }
    case FrameType::log: {
        const int32_t level = r.i32();
        const llmh_str message = r.str();
        if (!r.ok()) return false;
        const llmh_host_services& host = process_.host();
        if (host.log) host.log(host.host, level, message);
        return true;
    }
    default: return false; // not a frame the child sends here
    }
}

bool RemoteCall::exchange(const Frame& request_frame) {
    // The frame's views go stale at the next read: keep the request's bytes.
    const std::string payload(request_frame.payload);
    FrameReader r(payload);
    llmh_http_request request{};
    request.struct_size = sizeof request;
    request.method = r.str();
    request.url = r.str();
    HeaderList headers;
    headers.read(r);
    request.headers = headers.headers.data();
    request.header_count = headers.headers.size();
    request.body = r.str();
    request.total_timeout_ms = r.i64();
    request.idle_timeout_ms = r.i64();
    if (!r.ok()) return false;

    llmh_http_response_handler handler{};
    handler.struct_size = sizeof handler;
    handler.user = this;
    handler.on_head = &RemoteCall::on_head;
    handler.on_body = &RemoteCall::on_body;
    llmh_error error = make_empty_error();
    const llmh_host_services& host = process_.host();
    const int32_t result = host.http_request(call_, &request, &handler, &error);
    if (broken_) return false;
    FrameWriter(out_).begin(FrameType::http_end).error(result, error).end();
    const bool sent = lease_.channel->send(out_);
    out_.clear();
    return sent;
}

bool RemoteCall::send_and_await_ack() {
    const bool sent = lease_.channel->send(out_);
    out_.clear();
    if (!sent) return broken_ = true, false;
    Frame f{};
    while (next(f)) {
        if (f.type == FrameType::http_ack) {
            FrameReader r(f.payload);
            return r.u8() != 0;
        }
        if (!deliver(f)) break;
    }
    broken_ = true;
    return false;
}

bool RemoteCall::on_head(void* user, int32_t status, const llmh_header* headers, size_t count) {
    auto& self = *static_cast<RemoteCall*>(user);
    try {
        FrameWriter w(self.out_);
        w.begin(FrameType::http_head).i32(status);
        write_headers(w, headers, count);
        w.end();
        return self.send_and_await_ack();
    } catch (...) {
        self.broken_ = true;
        return false;
    }
}

bool RemoteCall::on_body(void* user, llmh_str chunk) {
    auto& self = *static_cast<RemoteCall*>(user);
    try {
        FrameWriter(self.out_).begin(FrameType::http_body).str(chunk).end();
        return self.send_and_await_ack();
    } catch (...) {
        self.broken_ = true;
        return false;
    }
}

} // namespace llmhost::plugins::isolation
