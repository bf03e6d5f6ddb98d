// Anthropic Messages results -> canonical ones (docs/protocols/anthropic.md "Response"): stop reasons,
// usage, a non-streaming message (as the same EventSink calls a stream produces) and the
// /v1/models listing.
#pragma once

#include <llmhost/chat.hpp>
#include <llmhost/error.hpp>
#include <llmhost/protocol/anthropic/errors.hpp>
#include <llmhost/provider.hpp>
#include <llmhost/support/error_text.hpp>
#include <llmhost/support/json_read.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace llmhost {

inline llmh_finish_reason anthropic_finish_reason(std::string_view stop_reason) {
    if (stop_reason == "max_tokens" || stop_reason == "model_context_window_exceeded") return LLMH_FINISH_LENGTH;
    if (stop_reason == "tool_use") return LLMH_FINISH_TOOL_CALLS;
    if (stop_reason == "refusal") return LLMH_FINISH_CONTENT_FILTER;
    // end_turn, stop_sequence, pause_turn, and reasons newer than this code.
    return LLMH_FINISH_STOP;
}

// Folds a `usage` object (message_start's, message_delta's or a whole message's) into `usage`.
// The fields present replace earlier values: message_delta's output_tokens is cumulative.
// Canonical input counts every input token, cached or not; cached_input_tokens the cache reads,
// cache_write_tokens the cache writes (cache_creation_input_tokens).
class AnthropicUsage {
  public:
    void add(const boost::json::object& u) {
        using namespace json_read;
        auto take = [&](std::string_view key, int64_t& field) {
            if (const auto v = integer_member(u, key)) field = *v;
        };
        take("input_tokens", input_);
        take("cache_creation_input_tokens", cache_creation_);
        take("cache_read_input_tokens", cache_read_);
        take("output_tokens", output_);
    }

    Usage canonical() const {
        Usage u;
        if (input_ >= 0 || cache_creation_ >= 0 || cache_read_ >= 0)
            u.input_tokens = std::max<int64_t>(input_, 0) + std::max<int64_t>(cache_creation_, 0) +
                             std::max<int64_t>(cache_read_, 0);
        u.output_tokens = output_;
        u.cached_input_tokens = cache_read_;
        u.cache_write_tokens = cache_creation_;
        return u;
    }

  private:
    int64_t input_ = -1, cache_creation_ = -1, cache_read_ = -1, output_ = -1;
};

// Parses an upstream JSON body; anything unparsable is a malformed response.
inline boost::json::value anthropic_parse_body(std::string_view provider_id, std::string_view body,
                                               std::string_view what) {
    auto v = json_read::parse(body);
    if (!v || !v->is_object())
        throw Error(LLMH_ERR_MALFORMED_RESPONSE, std::string(provider_id) + ": " + std::string(what) +
                                                     " is not a JSON object: " + error_text::snippet(body));
    return std::move(*v);
}

// A non-streaming Messages response -> message_start, then its blocks in order (thinking as
// reasoning with its signature as reasoning state, redacted thinking as state alone, text,
// tool_use as a tool call whose arguments are `input` as JSON text), usage, finish. Unknown
// blocks (server tools) are skipped.
inline void emit_anthropic_message(std::string_view provider_id, const boost::json::value& body, EventSink& sink) {
    using namespace json_read;
    const auto& o = body.as_object();
    if (string_member(o, "type") == "error") throw anthropic_embedded_error(provider_id, body);
    const auto* content = array_member(o, "content");
    if (!content) throw Error(LLMH_ERR_MALFORMED_RESPONSE, std::string(provider_id) + ": message has no content array");

    sink.message_start(string_member(o, "id"), string_member(o, "model"));
    int tool_index = 0;
    for (const auto& item : *content) {
        if (!item.is_object()) continue;
        const auto& block = item.get_object();
        const auto type = string_member(block, "type");
        if (type == "text")
            sink.text(string_member(block, "text"));
        else if (type == "thinking") {
            sink.reasoning(string_member(block, "thinking"));
            sink.reasoning_state(
                -1, {std::string(reasoning_origin::anthropic), std::string(string_member(block, "signature")), {}, {}});
        } else if (type == "redacted_thinking")
            sink.reasoning_state(
                -1, {std::string(reasoning_origin::anthropic), {}, std::string(string_member(block, "data")), {}});
        else if (type == "tool_use") {
            std::string id(string_member(block, "id"));
            if (id.empty()) id = "toolu_" + std::to_string(tool_index);
            sink.tool_call_start(tool_index, id, string_member(block, "name"));
            const auto* input = member(block, "input");
            sink.tool_call_delta(tool_index, input ? boost::json::serialize(*input) : std::string("{}"));
            ++tool_index;
        }
    }
    if (const auto* u = object_member(o, "usage")) {
        AnthropicUsage usage;
        usage.add(*u);
        sink.usage(usage.canonical());
    }
    llmh_finish_reason finish = anthropic_finish_reason(string_member(o, "stop_reason"));
    // Compatible servers that omit stop_reason still answered with tool calls.
    if (tool_index > 0 && finish == LLMH_FINISH_STOP && string_member(o, "stop_reason").empty())
        finish = LLMH_FINISH_TOOL_CALLS;
    sink.finish(finish);
}

// One page of GET /v1/models ({"data":[{"id","display_name",...}],"has_more","last_id"}) added
// to `models` as {"id","display_name"?}. Returns the id to continue after, or "" at the end.
// A "models" array is read too, for gateways that answer in llmhost's own shape.
inline std::string anthropic_models_page(std::string_view provider_id, const boost::json::value& body,
                                         boost::json::array& models) {
    using namespace json_read;
    const auto& o = body.as_object();
    if (string_member(o, "type") == "error") throw anthropic_embedded_error(provider_id, body);
    const auto* data = array_member(o, "data");
    if (!data) data = array_member(o, "models");
    if (!data) throw Error(LLMH_ERR_MALFORMED_RESPONSE, std::string(provider_id) + ": models response has no data");
    for (const auto& item : *data) {
        if (!item.is_object()) continue;
        const auto& entry = item.get_object();
        const auto id = string_member(entry, "id");
        if (id.empty()) continue;
        boost::json::object m{{"id", id}};
        if (const auto name = string_member(entry, "display_name"); !name.empty()) m["display_name"] = name;
        models.push_back(std::move(m));
    }
    const auto* more = member(o, "has_more");
    if (!more || !more->is_bool() || !more->get_bool()) return {};
    return std::string(string_member(o, "last_id"));
}

} // namespace llmhost
