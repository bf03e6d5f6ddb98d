#include "core/chat/response_builder.hpp"

#include <llmhost/error.hpp>

#include <boost/json.hpp>

namespace llmhost::chat {

ToolCall& ResponseBuilder::call_at(int index) {
    const size_t i = index < 0 ? 0 : static_cast<size_t>(index);
    if (response_.tool_calls.size() <= i) response_.tool_calls.resize(i + 1);
    return response_.tool_calls[i];
}

void ResponseBuilder::add(const llmh_event& e) {
    switch (e.type) {
    case LLMH_EVENT_MESSAGE_START:
        response_.id.assign(view(e.id));
        response_.model.assign(view(e.name));
        break;
    case LLMH_EVENT_TEXT_DELTA:
        response_.text.append(view(e.text));
        reasoning_open_ = false;
        break;
    case LLMH_EVENT_REASONING_DELTA:
        response_.reasoning.append(view(e.text));
        if (!reasoning_open_) response_.reasoning_blocks.emplace_back();
        reasoning_open_ = true;
        response_.reasoning_blocks.back().text.append(view(e.text));
        break;
    case LLMH_EVENT_REASONING_STATE: {
        ReasoningState state = reasoning_state_of(e);
        if (e.index >= 0) {
            call_at(e.index).state = std::move(state);
            break;
        }
        if (!reasoning_open_) response_.reasoning_blocks.emplace_back(); // a block with state only (redacted)
        response_.reasoning_blocks.back().state = std::move(state);
        reasoning_open_ = false; // the state ends its block
        break;
    }
    case LLMH_EVENT_TOOL_CALL_START: {
        reasoning_open_ = false;
        auto& call = call_at(e.index);
        call.id.assign(view(e.id));
        call.name.assign(view(e.name));
        break;
    }
    case LLMH_EVENT_TOOL_CALL_DELTA: call_at(e.index).arguments.append(view(e.text)); break;
    case LLMH_EVENT_USAGE: response_.usage = usage_of(e); break;
    case LLMH_EVENT_FINISH: response_.finish_reason = static_cast<llmh_finish_reason>(e.finish_reason); break;
    default: break; // event types from newer plugins are ignored
    }
}

boost::json::object to_cli_json(const ChatResponse& r, std::string_view provider, std::string_view model) {
    boost::json::array calls;
    for (const auto& c : r.tool_calls)
        calls.push_back({{"id", c.id}, {"name", c.name}, {"arguments", c.arguments.empty() ? "{}" : c.arguments}});
    boost::json::object usage;
    usage["input_tokens"] = r.usage.input_tokens < 0 ? 0 : r.usage.input_tokens;
    usage["output_tokens"] = r.usage.output_tokens < 0 ? 0 : r.usage.output_tokens;
    if (r.usage.cached_input_tokens >= 0) usage["cached_input_tokens"] = r.usage.cached_input_tokens;
    if (r.usage.reasoning_tokens >= 0) usage["reasoning_tokens"] = r.usage.reasoning_tokens;
    if (r.usage.cache_write_tokens >= 0) usage["cache_write_tokens"] = r.usage.cache_write_tokens;
    llmh_finish_reason finish = r.finish_reason;
    if (finish == LLMH_FINISH_NONE) finish = r.tool_calls.empty() ? LLMH_FINISH_STOP : LLMH_FINISH_TOOL_CALLS;
    boost::json::object o;
    o["provider"] = provider;
    o["model"] = r.model.empty() ? model : std::string_view(r.model);
    o["text"] = r.text;
    o["reasoning"] = r.reasoning;
    o["tool_calls"] = std::move(calls);
    o["finish_reason"] = to_string(finish);
    o["usage"] = std::move(usage);
    if (!r.id.empty()) o["id"] = r.id;
    return o;
}

} // namespace llmhost::chat
