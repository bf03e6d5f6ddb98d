// Records canonical events (from an llmh_event_sink or a host callback) as owned values,
// describes them one line each for whole-sequence comparisons, and gathers them into a
// ChatResponse as the host does.
#pragma once

#include <llmhost/chat.hpp>
#include <llmhost/error.hpp>
#include <llmhost/provider_abi.h>

#include <string>
#include <vector>

namespace llmhost::testing {

// An owned copy of one llmh_event.
struct RecordedEvent {
    int32_t type = 0;
    int32_t index = 0;
    int32_t finish_reason = 0;
    std::string text, id, name;
    llmh_usage usage{};
    std::string data;
    int64_t cache_write_tokens = -1;

    // One readable line, for comparing whole event sequences.
    std::string describe() const {
        auto n = [](int64_t v) { return std::to_string(v); };
        switch (type) {
        case LLMH_EVENT_MESSAGE_START: return "start id=" + id + " model=" + name;
        case LLMH_EVENT_TEXT_DELTA: return "text " + text;
        case LLMH_EVENT_REASONING_DELTA: return "reasoning " + text;
        case LLMH_EVENT_TOOL_CALL_START: return "tool_start " + n(index) + " " + id + " " + name;
        case LLMH_EVENT_TOOL_CALL_DELTA: return "tool_delta " + n(index) + " " + text;
        case LLMH_EVENT_REASONING_STATE: {
            std::string line = "state " + n(index) + " origin=" + name;
            if (!text.empty()) line += " signature=" + text;
            if (!data.empty()) line += " data=" + data;
            if (!id.empty()) line += " id=" + id;
            return line;
        }
        case LLMH_EVENT_USAGE:
            return "usage in=" + n(usage.input_tokens) + " out=" + n(usage.output_tokens) +
                   " cached=" + n(usage.cached_input_tokens) + " reasoning=" + n(usage.reasoning_tokens) +
                   (cache_write_tokens >= 0 ? " cache_write=" + n(cache_write_tokens) : std::string());
        case LLMH_EVENT_FINISH:
            return "finish " + std::string(to_string(static_cast<llmh_finish_reason>(finish_reason)));
        default: return "unknown event " + n(type);
        }
    }
};

class EventRecorder {
  public:
    EventRecorder() {
        sink_.struct_size = sizeof sink_;
        sink_.user = this;
        sink_.on_event = [](void* user, const llmh_event* e) { return static_cast<EventRecorder*>(user)->record(*e); };
    }

    // Stores one event; answers false ("stop") once stop_after events arrived.
    bool record(const llmh_event& e) {
        events.push_back({e.type, e.index, e.finish_reason, std::string(view(e.text)), std::string(view(e.id)),
                          std::string(view(e.name)), e.usage, std::string(view(e.data)), e.cache_write_tokens});
        return stop_after < 0 || static_cast<int>(events.size()) < stop_after;
    }
    EventRecorder(const EventRecorder&) = delete;
    EventRecorder& operator=(const EventRecorder&) = delete;

    const llmh_event_sink* sink() const { return &sink_; }

    std::vector<RecordedEvent> events;
    int stop_after = -1; // answer "stop" once this many events arrived (-1: never)

    std::vector<std::string> lines() const {
        std::vector<std::string> out;
        for (const auto& e : events)
            out.push_back(e.describe());
        return out;
    }

    // The events gathered into one response, as the host does.
    ChatResponse response() const {
        ChatResponse r;
        for (const auto& e : events)
            switch (e.type) {
            case LLMH_EVENT_MESSAGE_START:
                r.id = e.id;
                r.model = e.name;
                break;
            case LLMH_EVENT_TEXT_DELTA: r.text += e.text; break;
            case LLMH_EVENT_REASONING_DELTA: r.reasoning += e.text; break;
            case LLMH_EVENT_TOOL_CALL_START: r.tool_calls.push_back({e.id, e.name, ""}); break;
            case LLMH_EVENT_TOOL_CALL_DELTA: r.tool_calls.at(static_cast<size_t>(e.index)).arguments += e.text; break;
            case LLMH_EVENT_USAGE:
                r.usage = {e.usage.input_tokens, e.usage.output_tokens, e.usage.cached_input_tokens,
                           e.usage.reasoning_tokens, e.cache_write_tokens};
                break;
            case LLMH_EVENT_FINISH: r.finish_reason = static_cast<llmh_finish_reason>(e.finish_reason); break;
            default: break;
            }
        return r;
    }

  private:
    llmh_event_sink sink_{};
};

} // namespace llmhost::testing
