// For the gateway's face codec tests: canonical events (each helper returns an llmh_event
// whose views point at storage that lives as long as the returned object), and the drivers
// every face's tests run its request parser and stream encoder through.
#pragma once

#include "core/gateway/faces/face.hpp"

#include <llmhost/provider_abi.h>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

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
    ev.e.cache_write_tokens = -1;
    return ev;
}
inline Event finish(llmh_finish_reason reason) {
    Event ev = make(LLMH_EVENT_FINISH);
    ev.e.finish_reason = reason;
    return ev;
}

// A parsed request's canonical form as JSON text, for exact comparison.
inline std::string canonical(const llmhost::gateway::FaceChatRequest& r) { return llmhost::canonical_json(r.chat); }

// The error a face's request parser rejects `body` with; the test fails if it accepts it.
template <class Parse> llmhost::gateway::GatewayError parse_error(Parse parse, std::string_view body) {
    try {
        parse(body);
    } catch (const llmhost::gateway::GatewayException& e) {
        return e.error();
    }
    BOOST_FAIL("no error for " << body);
    return {};
}

// Everything `encoder` writes for `events` followed by the end of the stream.
inline std::string encode(llmhost::gateway::ChatStreamEncoder& encoder, std::initializer_list<Event> events) {
    std::string out;
    for (const auto& e : events)
        encoder.event(e, out);
    encoder.finish(out);
    return out;
}

} // namespace gateway_test
