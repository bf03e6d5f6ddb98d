#include "gemini_response.hpp"

#include "gemini_errors.hpp"

#include <llmhost/error.hpp>
#include <llmhost/support/json_read.hpp>

#include <boost/json.hpp>

#include <utility>

namespace llmhost::gemini_plugin {

llmh_finish_reason gemini_finish_reason(std::string_view reason) {
    if (reason == "MAX_TOKENS") return LLMH_FINISH_LENGTH;
    for (std::string_view filtered : {"SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
                                      "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION"})
        if (reason == filtered) return LLMH_FINISH_CONTENT_FILTER;
    // The model's function call could not be used: the turn ended without a usable answer.
    for (std::string_view failed : {"MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS"})
        if (reason == failed) return LLMH_FINISH_ERROR;
    return LLMH_FINISH_STOP; // STOP, and LANGUAGE, OTHER or reasons added later
}

Usage gemini_usage(const boost::json::object& u) {
    using namespace json_read;
    Usage usage;
    const auto prompt = integer_member(u, "promptTokenCount");
    const auto tool_prompt = integer_member(u, "toolUsePromptTokenCount");
    const auto candidates = integer_member(u, "candidatesTokenCount");
    const auto thoughts = integer_member(u, "thoughtsTokenCount");
    if (prompt) usage.input_tokens = *prompt + tool_prompt.value_or(0);
    if (candidates || thoughts) usage.output_tokens = candidates.value_or(0) + thoughts.value_or(0);
    usage.cached_input_tokens = integer_member(u, "cachedContentTokenCount").value_or(-1);
    usage.reasoning_tokens = thoughts.value_or(-1);
    return usage;
}

GeminiResponseTranslator::GeminiResponseTranslator(std::string provider_id, EventSink& sink)
    : provider_id_(std::move(provider_id)), sink_(sink) {}

void GeminiResponseTranslator::add(const boost::json::object& response) {
    using namespace json_read;
    if (gemini_has_error(response)) throw gemini_embedded_error(provider_id_, response);
    if (!started_) {
        started_ = true;
        sink_.message_start(string_member(response, "responseId"), string_member(response, "modelVersion"));
    }
    if (const auto* usage = object_member(response, "usageMetadata")) usage_ = gemini_usage(*usage);
    if (const auto* feedback = object_member(response, "promptFeedback"))
        if (!string_member(*feedback, "blockReason").empty()) {
            finish_ = LLMH_FINISH_CONTENT_FILTER;
            finish_seen_ = true;
        }
    if (const auto* candidates = array_member(response, "candidates"))
        if (!candidates->empty() && candidates->front().is_object()) {
            candidate_seen_ = true;
            add_candidate(candidates->front().get_object());
        }
}

void GeminiResponseTranslator::finish() {
    if (usage_) sink_.usage(*usage_);
    llmh_finish_reason reason = finish_ == LLMH_FINISH_NONE ? LLMH_FINISH_STOP : finish_;
    if (tool_calls_ > 0 && reason == LLMH_FINISH_STOP) reason = LLMH_FINISH_TOOL_CALLS;
    sink_.finish(reason);
}

void GeminiResponseTranslator::add_candidate(const boost::json::object& candidate) {
    using namespace json_read;
    if (const auto* content = object_member(candidate, "content"))
        if (const auto* parts = array_member(*content, "parts"))
            for (const auto& part : *parts)
                if (part.is_object()) add_part(part.get_object());
    const std::string_view reason = string_member(candidate, "finishReason");
    if (!reason.empty() && reason != "FINISH_REASON_UNSPECIFIED") {
        finish_ = gemini_finish_reason(reason);
        finish_seen_ = true;
    }
}

void GeminiResponseTranslator::add_part(const boost::json::object& part) {
    using namespace json_read;
    if (const auto* call = object_member(part, "functionCall")) {
        const int index = tool_calls_++;
        std::string id(string_member(*call, "id"));
        if (id.empty()) id = "call_" + std::to_string(index); // callers need an id to answer
        sink_.tool_call_start(index, id, string_member(*call, "name"));
        const auto* args = member(*call, "args");
        sink_.tool_call_delta(index, args ? boost::json::serialize(*args) : std::string("{}"));
        // Gemini 3 refuses a function call sent back without the signature it came with.
        if (const auto signature = string_member(part, "thoughtSignature"); !signature.empty())
            sink_.reasoning_state(index, {std::string(reasoning_origin::gemini), std::string(signature), {}, {}});
        return;
    }
    const std::string_view text = string_member(part, "text");
    const auto* thought = member(part, "thought");
    if (thought && thought->is_bool() && thought->get_bool())
        sink_.reasoning(text);
    else
        sink_.text(text);
    // A signature on a text part belongs to the reasoning before it.
    if (const auto signature = string_member(part, "thoughtSignature"); !signature.empty())
        sink_.reasoning_state(-1, {std::string(reasoning_origin::gemini), std::string(signature), {}, {}});
    // Other parts (executableCode, inlineData output, ...) have no canonical form yet.
}

void emit_gemini_response(std::string_view provider_id, const boost::json::value& body, EventSink& sink) {
    GeminiResponseTranslator translator(std::string(provider_id), sink);
    auto add = [&](const boost::json::value& v) {
        if (!v.is_object())
            throw Error(LLMH_ERR_MALFORMED_RESPONSE, std::string(provider_id) + ": response is not a JSON object");
        translator.add(v.get_object());
    };
    if (body.is_array()) {
        if (body.get_array().empty())
            throw Error(LLMH_ERR_MALFORMED_RESPONSE, std::string(provider_id) + ": response is an empty JSON array");
        for (const auto& chunk : body.get_array())
            add(chunk);
    } else {
        add(body);
    }
    if (!translator.answered())
        throw Error(LLMH_ERR_MALFORMED_RESPONSE,
                    std::string(provider_id) + ": response has no candidates and no promptFeedback.blockReason");
    translator.finish();
}

} // namespace llmhost::gemini_plugin
