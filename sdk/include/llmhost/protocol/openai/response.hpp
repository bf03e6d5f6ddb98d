// OpenAI-compatible response bodies -> canonical results: a non-streaming chat completion
// (as the same EventSink calls a stream produces), embeddings and model lists.
#pragma once

#include <llmhost/chat.hpp>
#include <llmhost/error.hpp>
#include <llmhost/protocol/openai/errors.hpp>
#include <llmhost/provider.hpp>
#include <llmhost/support/json_read.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llmhost {

inline llmh_finish_reason openai_finish_reason(std::string_view s) {
    if (s == "length") return LLMH_FINISH_LENGTH;
    if (s == "tool_calls" || s == "function_call") return LLMH_FINISH_TOOL_CALLS;
    if (s == "content_filter") return LLMH_FINISH_CONTENT_FILTER;
    if (s == "error") return LLMH_FINISH_ERROR;
    // "stop", and the end-of-sequence spellings some clones use ("eos", "end_turn").
    return LLMH_FINISH_STOP;
}

// Usage from a completion or chunk: `usage`, or Groq's `x_groq.usage`. nullopt when absent.
// Cache reads: OpenAI's prompt_tokens_details.cached_tokens, DeepSeek's
// prompt_cache_hit_tokens, Moonshot's top-level cached_tokens; cache writes: OpenRouter's
// prompt_tokens_details.cache_write_tokens. prompt_tokens counts them all, as canonical input does.
inline std::optional<Usage> openai_usage(const boost::json::object& o) {
    using namespace json_read;
    const boost::json::object* u = object_member(o, "usage");
    if (!u)
        if (const auto* groq = object_member(o, "x_groq")) u = object_member(*groq, "usage");
    if (!u) return std::nullopt;
    Usage usage;
    usage.input_tokens = integer_member(*u, "prompt_tokens").value_or(-1);
    usage.output_tokens = integer_member(*u, "completion_tokens").value_or(-1);
    if (const auto* details = object_member(*u, "prompt_tokens_details")) {
        usage.cached_input_tokens = integer_member(*details, "cached_tokens").value_or(-1);
        usage.cache_write_tokens = integer_member(*details, "cache_write_tokens").value_or(-1);
    }
    if (usage.cached_input_tokens < 0)
        usage.cached_input_tokens =
            integer_member(*u, "prompt_cache_hit_tokens").value_or(integer_member(*u, "cached_tokens").value_or(-1));
    if (const auto* details = object_member(*u, "completion_tokens_details"))
        usage.reasoning_tokens = integer_member(*details, "reasoning_tokens").value_or(-1);
    return usage;
}

// The origin of the reasoning a Chat Completions server returns as reasoning_content: that
// server's own (DeepSeek, Qwen, Kimi and GLM want it back on tool turns, and only theirs).
inline std::string openai_chat_reasoning_origin(std::string_view provider_id) {
    return std::string(reasoning_origin::openai_chat) + "/" + std::string(provider_id);
}

// Ends a reasoning block that came as reasoning_content: its state names where it came from,
// so that the next turn gives it back to the same server and no other. (The SDK's decoders
// now name the origin themselves; kept for plugins using it.)
inline void end_openai_reasoning(std::string_view provider_id, EventSink& sink) {
    sink.reasoning_state(-1, {openai_chat_reasoning_origin(provider_id), {}, {}, {}});
}

// The origin of GitHub Copilot's reasoning (reasoning_text with its reasoning_opaque state,
// which Claude and Gemini models behind Copilot refuse a tool turn without). One for every
// Copilot provider: they all reach the same service.
inline constexpr std::string_view copilot_reasoning_origin = "copilot";

// Reasoning text of a message or delta. DeepSeek and older vLLM say `reasoning_content`,
// OpenRouter and newer vLLM `reasoning`, Copilot `reasoning_text`; a server sending two of
// them sends the same text twice, so the first present wins.
inline std::string_view openai_reasoning_text(const boost::json::object& message_or_delta) {
    for (std::string_view key : {"reasoning_content", "reasoning", "reasoning_text"}) {
        const auto text = json_read::string_member(message_or_delta, key);
        if (!text.empty()) return text;
    }
    return {};
}

// The state Copilot (and servers copying it) give with their reasoning: reasoning_opaque.
inline std::string_view openai_reasoning_opaque(const boost::json::object& message_or_delta) {
    return json_read::string_member(message_or_delta, "reasoning_opaque");
}

// The text of `content`: a string, or the text parts of an array.
inline std::string openai_content_text(const boost::json::value* content) {
    if (!content) return {};
    if (content->is_string()) return std::string(content->get_string());
    std::string text;
    if (content->is_array())
        for (const auto& part : content->get_array())
            if (part.is_object()) text += json_read::string_member(part.get_object(), "text");
    return text;
}

// Tool-call arguments arrive as a JSON string; a few servers send the object itself.
inline std::string openai_arguments_text(const boost::json::value* arguments) {
    if (!arguments) return {};
    if (arguments->is_string()) return std::string(arguments->get_string());
    return boost::json::serialize(*arguments);
}

// Parses an upstream JSON body; anything unparsable is a malformed response.
inline boost::json::value parse_openai_body(std::string_view provider_id, std::string_view body, std::string_view what,
                                            boost::json::storage_ptr storage = {}) {
    return json_read::parse_body(provider_id, body, what, std::move(storage));
}

inline const boost::json::object& openai_expect_object(std::string_view provider_id, const boost::json::value& v,
                                                       std::string_view what) {
    if (!v.is_object())
        throw Error(LLMH_ERR_MALFORMED_RESPONSE,
                    std::string(provider_id) + ": " + std::string(what) + " is not a JSON object");
    return v.get_object();
}

// True when a 200 body carries an error instead of a result (OpenRouter, vLLM, Ollama do).
inline bool openai_has_error(const boost::json::object& o) {
    const auto* e = json_read::member(o, "error");
    if (!e) return false;
    if (e->is_bool()) return e->get_bool();
    if (e->is_string()) return !e->get_string().empty();
    return true;
}

// A non-streaming /chat/completions response -> message_start, reasoning, text, tool calls,
// usage, finish: the same events a stream of it would give. The reasoning's state names
// `origin` (see openai_chat_reasoning_origin) and carries reasoning_opaque when there is one.
inline void emit_openai_completion(std::string_view provider_id, const boost::json::value& body, EventSink& sink,
                                   std::string_view origin = {}) {
    using namespace json_read;
    const auto& o = openai_expect_object(provider_id, body, "chat completion");
    if (openai_has_error(o)) throw openai_embedded_error(provider_id, body);
    const auto* choices = array_member(o, "choices");
    if (!choices || choices->empty() || !choices->front().is_object())
        throw Error(LLMH_ERR_MALFORMED_RESPONSE, std::string(provider_id) + ": chat completion has no choices");
    const auto& choice = choices->front().get_object();
    const auto* message = object_member(choice, "message");
    if (!message)
        throw Error(LLMH_ERR_MALFORMED_RESPONSE, std::string(provider_id) + ": chat completion choice has no message");

    sink.message_start(string_member(o, "id"), string_member(o, "model"));
    const auto reasoning = openai_reasoning_text(*message);
    const auto opaque = openai_reasoning_opaque(*message);
    sink.reasoning(reasoning);
    if (!reasoning.empty() || !opaque.empty())
        sink.reasoning_state(-1, {origin.empty() ? openai_chat_reasoning_origin(provider_id) : std::string(origin),
                                  {},
                                  std::string(opaque),
                                  {}});
    sink.text(openai_content_text(member(*message, "content")));
    int index = 0;
    if (const auto* calls = array_member(*message, "tool_calls"))
        for (const auto& cv : *calls) {
            if (!cv.is_object()) continue;
            const auto& call = cv.get_object();
            const auto* function = object_member(call, "function");
            std::string id(string_member(call, "id"));
            if (id.empty()) id = "call_" + std::to_string(index);
            sink.tool_call_start(index, id, function ? string_member(*function, "name") : std::string_view());
            sink.tool_call_delta(index,
                                 function ? openai_arguments_text(member(*function, "arguments")) : std::string());
            ++index;
        }
    if (auto usage = openai_usage(o)) sink.usage(*usage);
    llmh_finish_reason finish = openai_finish_reason(string_member(choice, "finish_reason"));
    // Some clones answer a tool call with finish "stop"; callers loop on "tool_calls".
    if (index > 0 && finish == LLMH_FINISH_STOP) finish = LLMH_FINISH_TOOL_CALLS;
    sink.finish(finish);
}

// /embeddings response -> {"model","data":[{"index","embedding"}],"usage":{"input_tokens"}}.
inline boost::json::value openai_embeddings_result(std::string_view provider_id, const boost::json::value& body,
                                                   std::string_view requested_model) {
    using namespace json_read;
    const auto& o = openai_expect_object(provider_id, body, "embeddings response");
    if (openai_has_error(o)) throw openai_embedded_error(provider_id, body);
    const auto* data = array_member(o, "data");
    if (!data) throw Error(LLMH_ERR_MALFORMED_RESPONSE, std::string(provider_id) + ": embeddings response has no data");
    std::vector<std::pair<int64_t, boost::json::array>> vectors;
    for (const auto& item : *data) {
        const auto* entry = item.is_object() ? &item.get_object() : nullptr;
        const auto* embedding = entry ? array_member(*entry, "embedding") : nullptr;
        if (!embedding)
            throw Error(LLMH_ERR_MALFORMED_RESPONSE,
                        std::string(provider_id) + ": embeddings entry has no float array 'embedding'");
        vectors.emplace_back(integer_member(*entry, "index").value_or(static_cast<int64_t>(vectors.size())),
                             *embedding);
    }
    std::stable_sort(vectors.begin(), vectors.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    boost::json::array out;
    for (auto& [index, embedding] : vectors)
        out.push_back({{"index", index}, {"embedding", std::move(embedding)}});
    boost::json::object usage;
    if (const auto* u = object_member(o, "usage"))
        if (auto tokens = integer_member(*u, "prompt_tokens")) usage["input_tokens"] = *tokens;
    const auto model = string_member(o, "model");
    return {{"model", model.empty() ? requested_model : model}, {"data", std::move(out)}, {"usage", std::move(usage)}};
}

// /models response -> {"models":[{"id","owned_by"?}]}. `keep` filters entries (Copilot
// lists models that are not for chat).
template <class Keep>
boost::json::value openai_models_result(std::string_view provider_id, const boost::json::value& body, Keep&& keep) {
    using namespace json_read;
    const auto& o = openai_expect_object(provider_id, body, "models response");
    if (openai_has_error(o)) throw openai_embedded_error(provider_id, body);
    const auto* data = array_member(o, "data");
    if (!data) throw Error(LLMH_ERR_MALFORMED_RESPONSE, std::string(provider_id) + ": models response has no data");
    boost::json::array models;
    for (const auto& item : *data) {
        if (!item.is_object()) continue;
        const auto& entry = item.get_object();
        const auto id = string_member(entry, "id");
        if (id.empty() || !keep(entry)) continue;
        boost::json::object m{{"id", id}};
        if (const auto owner = string_member(entry, "owned_by"); !owner.empty()) m["owned_by"] = owner;
        models.push_back(std::move(m));
    }
    return {{"models", std::move(models)}};
}

inline boost::json::value openai_models_result(std::string_view provider_id, const boost::json::value& body) {
    return openai_models_result(provider_id, body, [](const boost::json::object&) { return true; });
}

} // namespace llmhost
