// Reassembles streamed OpenAI tool-call fragments (delta.tool_calls[] items) into canonical
// tool_call_start / tool_call_delta events.
//
// OpenAI sends `index` on every fragment and `id` + `function.name` only on the first one of
// each call; calls may interleave by index. Clones differ (docs/protocols/openai-compatible.md): some omit
// `index` (a new `id` then means a new call), some reuse index 0 for every call, some send a
// whole call in one fragment. All of those are handled here.
#pragma once

#include <llmhost/protocol/openai/response.hpp>
#include <llmhost/provider.hpp>
#include <llmhost/support/json_read.hpp>

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace llmhost {

class OpenAIToolCallAssembler {
  public:
    explicit OpenAIToolCallAssembler(EventSink& sink) : sink_(sink) {}

    // One item of delta.tool_calls.
    void add(const boost::json::object& fragment) {
        using namespace json_read;
        const auto wire_index = integer_member(fragment, "index");
        const std::string id(string_member(fragment, "id"));
        const auto* function = object_member(fragment, "function");
        const std::string name(function ? string_member(*function, "name") : std::string_view());
        const std::string arguments = function ? openai_arguments_text(member(*function, "arguments")) : std::string();

        AssembledCall* call = wire_index ? find_by_index(*wire_index, id) : find_without_index(id, name);
        if (!call) {
            call = &calls_.emplace_back();
            call->wire_index = wire_index;
            call->ordinal = static_cast<int>(calls_.size()) - 1;
        }
        if (call->id.empty()) call->id = id;
        if (call->name.empty()) call->name = name;
        if (!call->started) {
            call->pending_arguments += arguments;
            // Start as soon as the call can be named; arguments seen before that wait.
            if (!call->id.empty() || !call->name.empty()) start(*call);
            return;
        }
        sink_.tool_call_delta(call->ordinal, arguments);
    }

    // At the end of the stream: a call that never got an id or a name is still reported.
    void flush() {
        for (auto& call : calls_)
            if (!call.started) start(call);
    }

    bool any() const { return !calls_.empty(); }

  private:
    struct AssembledCall {
        std::optional<int64_t> wire_index;
        int ordinal = 0; // canonical index: order of appearance
        std::string id;
        std::string name;
        std::string pending_arguments;
        bool started = false;
    };

    AssembledCall* find_by_index(int64_t wire_index, const std::string& id) {
        for (auto it = calls_.rbegin(); it != calls_.rend(); ++it)
            if (it->wire_index == wire_index)
                // The same index with another id: a server that numbers every call 0.
                return !id.empty() && !it->id.empty() && id != it->id ? nullptr : &*it;
        return nullptr;
    }

    AssembledCall* find_without_index(const std::string& id, const std::string& name) {
        if (calls_.empty()) return nullptr;
        AssembledCall& last = calls_.back();
        if (!id.empty() && !last.id.empty() && id != last.id) return nullptr;  // a new id: a new call
        if (id.empty() && !name.empty() && !last.name.empty()) return nullptr; // a second named call
        return &last;
    }

    void start(AssembledCall& call) {
        call.started = true;
        if (call.id.empty()) call.id = "call_" + std::to_string(call.ordinal); // callers need an id to answer
        sink_.tool_call_start(call.ordinal, call.id, call.name);
        sink_.tool_call_delta(call.ordinal, call.pending_arguments);
        call.pending_arguments.clear();
    }

    EventSink& sink_;
    std::vector<AssembledCall> calls_; // a handful per turn: linear search is fine
};

} // namespace llmhost
