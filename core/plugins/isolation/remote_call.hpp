// One operation of an isolated plugin, run in its child over a leased channel: sends the
// call, then relays what comes back — events to the sink, JSON to the JSON sink, log lines to
// the host's log, HTTP exchanges to the host's transport (each body chunk acknowledged by the
// child once the plugin has read it, with the events it caused) — until the child's answer.
// The host's cancellation (and a sink that asks to stop) goes to the child; a child that has
// not answered a second after it was told to stop is killed.
#pragma once

#include "core/plugins/isolation/plugin_process.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace llmhost::plugins::isolation {

class RemoteCall {
  public:
    RemoteCall(PluginProcess& process, Lease& lease, const char* operation, const llmh_call_context* call,
               const llmh_event_sink* sink = nullptr, const llmh_json_sink* json = nullptr);

    // Sends `frame` (a create, destroy or call frame) and relays until the child's answer:
    // its result, with `error` filled on failure and the answer's value in `value`. A child
    // that died or stopped answering fails the call with LLMH_ERR_PLUGIN_INTERNAL (or
    // LLMH_ERR_CANCELLED when the host had cancelled it).
    int32_t run(std::string_view frame, llmh_error* error, uint64_t* value = nullptr);

    // True when the channel ended cleanly and may serve another call.
    bool reusable() const { return !broken_; }

  private:
    bool next(Frame& frame); // false: the channel is lost (broken_ set)
    bool deliver(const Frame& frame);
    bool exchange(const Frame& request);
    bool send_and_await_ack(); // sends out_; the plugin's answer whether to go on
    void stop();               // tells the child to stop, once
    static bool on_head(void* user, int32_t status, const llmh_header* headers, size_t count);
    static bool on_body(void* user, llmh_str chunk);

    PluginProcess& process_;
    Lease& lease_;
    const char* operation_;
    const llmh_call_context* call_;
    const llmh_event_sink* sink_;
    const llmh_json_sink* json_;
    std::string out_;
    bool broken_ = false;
    bool stop_sent_ = false;
    bool sink_stopped_ = false;
    std::chrono::steady_clock::time_point stop_sent_at_{};
    std::string kill_reason_; // set when this call had the child killed
};

} // namespace llmhost::plugins::isolation
