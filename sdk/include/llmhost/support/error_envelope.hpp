// Where an upstream error body keeps its fields, for the wire formats that agree on it:
// nested, {"error":{...}} (OpenAI, Anthropic and most clones); flat, {"message":...} (older
// vLLM, FastAPI-style servers); or only a text, {"error":"text"} (Ollama, some gateways).
#pragma once

#include <llmhost/support/json_read.hpp>

#include <boost/json.hpp>

#include <string_view>

namespace llmhost {

struct ErrorEnvelope {
    const boost::json::object* fields = nullptr; // null when the body holds only a text
    std::string_view text;                       // that text
};

inline ErrorEnvelope error_envelope(const boost::json::object& body) {
    if (const auto* nested = json_read::object_member(body, "error")) return {nested, {}};
    if (const auto* e = json_read::member(body, "error"); e && e->is_string()) return {nullptr, e->get_string()};
    return {&body, {}};
}

} // namespace llmhost
