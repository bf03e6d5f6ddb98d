// Canonical events for the gateway's encoder tests: each helper returns an llmh_event whose
// views point at storage that lives as long as the returned object.
#pragma once

#include <llmhost/provider_abi.h>

#include <memory>
#include <string>

namespace gateway_test {

struct Event {
    std::shared_ptr<std::string> text, id, name; // keep the viewed strings alive
    llmh_event e{};
    operator const llmh_event&() const { return e; }
};

inline Event make(int type, std::string text = {}, std::string id = {}, std::string name = {}, int index = 0) {
    Event ev;
    ev.text = std::make_shared<std::string>(std::move(text));
    ev.id = std::make_shared<std::string>(std::move(id));
    ev.name = std::make_shared<std::string>(std::move(name));
    ev.e.struct_size = sizeof(llmh_event);
    ev.e.type = type;
    ev.e.index = index;
    ev.e.text = {ev.text->data(), ev.text->size()};
    ev.e.id = {ev.id->data(), ev.id->size()};
    ev.e.name = {ev.name->data(), ev.name->size()};
    ev.e.usage = {-1, -1, -1, -1};
    return ev;
}

inline Event start(std::string id, std::string model) {
    return make(LLMH_EVENT_MESSAGE_START, {}, std::move(id), std::move(model));
}
inline Event text(std::string t) { return make(LLMH_EVENT_TEXT_DELTA, std::move(t)); }
inline Event reasoning(std::string t) { return make(LLMH_EVENT_REASONING_DELTA, std::move(t)); }
inline Event tool_start(int index, std::string id, std::string name) {
    return make(LLMH_EVENT_TOOL_CALL_START, {}, std::move(id), std::move(name), index);
}
inline Event tool_delta(int index, std::string fragment) {
    return make(LLMH_EVENT_TOOL_CALL_DELTA, std::move(fragment), {}, {}, index);
}
inline Event usage(int64_t in, int64_t out) {
    Event ev = make(LLMH_EVENT_USAGE);
    ev.e.usage = {in, out, -1, -1};
    return ev;
}
inline Event finish(llmh_finish_reason reason) {
    Event ev = make(LLMH_EVENT_FINISH);
    ev.e.finish_reason = reason;
    return ev;
}

} // namespace gateway_test
