// Canonical ChatResponse -> an OpenAI chat.completion object.
#include "core/gateway/json_text.hpp"
#include "core/gateway/openai_face.hpp"
#include "core/gateway/openai_face_names.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <random>

namespace llmhost::gateway::openai_face {
namespace {

int64_t known(int64_t count) { return std::max<int64_t>(count, 0); }

} // namespace

boost::json::object usage_json(const Usage& u) {
    boost::json::object o{{"prompt_tokens", known(u.input_tokens)},
                          {"completion_tokens", known(u.output_tokens)},
                          {"total_tokens", known(u.input_tokens) + known(u.output_tokens)}};
    if (u.cached_input_tokens >= 0) o["prompt_tokens_details"] = {{"cached_tokens", u.cached_input_tokens}};
    if (u.reasoning_tokens >= 0) o["completion_tokens_details"] = {{"reasoning_tokens", u.reasoning_tokens}};
    return o;
}

void append_usage_json(std::string& out, const Usage& u) {
    out += "{\"prompt_tokens\":";
    append_json_int(out, known(u.input_tokens));
    out += ",\"completion_tokens\":";
    append_json_int(out, known(u.output_tokens));
    out += ",\"total_tokens\":";
    append_json_int(out, known(u.input_tokens) + known(u.output_tokens));
    if (u.cached_input_tokens >= 0) {
        out += ",\"prompt_tokens_details\":{\"cached_tokens\":";
        append_json_int(out, u.cached_input_tokens);
        out += "}";
    }
    if (u.reasoning_tokens >= 0) {
        out += ",\"completion_tokens_details\":{\"reasoning_tokens\":";
        append_json_int(out, u.reasoning_tokens);
        out += "}";
    }
    out += "}";
}

std::string render_chat_completion(const ChatResponse& r, const ResponseIdentity& identity) {
    boost::json::object message{{"role", "assistant"}};
    if (r.text.empty() && !r.tool_calls.empty())
        message["content"] = nullptr;
    else
        message["content"] = r.text;
    if (!r.reasoning.empty()) message["reasoning_content"] = r.reasoning;
    if (!r.tool_calls.empty()) {
        boost::json::array calls;
        for (const auto& c : r.tool_calls)
            calls.push_back(
                {{"id", c.id},
                 {"type", "function"},
                 {"function", {{"name", c.name}, {"arguments", c.arguments.empty() ? "{}" : c.arguments}}}});
        message["tool_calls"] = std::move(calls);
    }
    boost::json::object choice{{"index", 0},
                               {"message", std::move(message)},
                               {"finish_reason", finish_reason_name(r.finish_reason, !r.tool_calls.empty())},
                               {"logprobs", nullptr}};
    boost::json::object o{{"id", r.id.empty() ? identity.id : r.id},
                          {"object", "chat.completion"},
                          {"created", identity.created},
                          {"model", r.model.empty() ? identity.model : r.model}};
    o["choices"] = boost::json::array{std::move(choice)};
    o["usage"] = usage_json(r.usage);
    return boost::json::serialize(o);
}

std::string new_completion_id() {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    static constexpr char alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    std::string id = "chatcmpl-";
    for (int i = 0; i < 24; ++i)
        id.push_back(alphabet[engine() % 62]);
    return id;
}

} // namespace llmhost::gateway::openai_face
