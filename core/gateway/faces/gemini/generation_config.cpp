// generationConfig -> canonical sampling options, response format and reasoning.
#include "core/gateway/faces/face_json.hpp"
#include "core/gateway/faces/gemini/request_parts.hpp"

#include <cctype>

namespace llmhost::gateway::gemini_face {
namespace {

using namespace face_json;

// responseMimeType "application/json" asks for JSON, shaped by responseJsonSchema (JSON
// Schema) or responseSchema (the OpenAPI subset) when one is given. A schema without it is
// ignored: the reply is plain text then.
std::optional<ResponseFormat> response_format(const boost::json::object& o, const std::string& at) {
    const auto mime_type = string_field(o, "responseMimeType", at).value_or("text/plain");
    if (mime_type != "application/json" && mime_type != "text/plain")
        throw_invalid("'" + path(at, "responseMimeType") + "' must be \"text/plain\" or \"application/json\"",
                      path(at, "responseMimeType"));
    const auto* schema = object_field(o, "responseJsonSchema", at);
    if (!schema) schema = object_field(o, "responseSchema", at);
    if (mime_type != "application/json") return std::nullopt;
    ResponseFormat f;
    f.kind = schema ? ResponseFormat::Kind::json_schema : ResponseFormat::Kind::json_object;
    if (schema) {
        f.name = "response";
        f.schema = json_schema(*schema);
        f.strict = false; // Gemini schemas are not written for OpenAI's strict mode
    }
    return f;
}

// thinkingConfig -> reasoning. thinkingBudget: 0 is off, a positive number a budget, -1
// dynamic (the model decides: the provider's default, as is a config that only sets
// includeThoughts). thinkingLevel (Gemini 3) is an effort.
std::optional<ReasoningOptions> reasoning(const boost::json::object& o, const std::string& at) {
    if (const auto budget = integer_field(o, "thinkingBudget", at)) {
        if (*budget == 0) return ReasoningOptions{"none", {}};
        if (*budget > 0) return ReasoningOptions{{}, budget};
        if (*budget != -1)
            throw_invalid("'" + path(at, "thinkingBudget") + "' must be -1 (dynamic), 0 (off) or a number of tokens",
                          path(at, "thinkingBudget"));
    }
    const auto level = string_field(o, "thinkingLevel", at);
    if (!level) return std::nullopt;
    std::string effort(*level); // the SDKs send "HIGH", Google's REST examples "high"
    for (auto& c : effort)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (effort == "minimal" || effort == "low" || effort == "medium" || effort == "high")
        return ReasoningOptions{effort, {}};
    if (effort == "thinking_level_unspecified") return std::nullopt;
    throw_invalid("'" + path(at, "thinkingLevel") + "' must be MINIMAL, LOW, MEDIUM or HIGH",
                  path(at, "thinkingLevel"));
}

} // namespace

void read_generation_config(const boost::json::object& o, const std::string& at, ChatRequest& r, ReplyShape& shape) {
    r.temperature = number_field(o, "temperature", at);
    r.top_p = number_field(o, "topP", at);
    // The SDKs type topK as a float (python-genai); the API counts whole tokens.
    if (const auto top_k = number_field(o, "topK", at)) {
        if (!(*top_k >= 1 && *top_k < 1e9))
            throw_invalid("'" + path(at, "topK") + "' must be a positive number of tokens", path(at, "topK"));
        r.top_k = static_cast<int64_t>(*top_k);
    }
    if (const auto max_tokens = integer_field(o, "maxOutputTokens", at)) {
        if (*max_tokens <= 0)
            throw_invalid("'" + path(at, "maxOutputTokens") + "' must be positive", path(at, "maxOutputTokens"));
        r.max_tokens = max_tokens;
    }
    if (const auto* stop = array_field(o, "stopSequences", at))
        for (size_t i = 0; i < stop->size(); ++i)
            r.stop.emplace_back(as_string((*stop)[i], path(path(at, "stopSequences"), i)));
    if (const auto n = integer_field(o, "candidateCount", at); n && *n != 1)
        throw_invalid("only one candidate is supported ('" + path(at, "candidateCount") + "' must be 1)",
                      path(at, "candidateCount"));
    r.response_format = response_format(o, at);
    if (const auto* thinking = object_field(o, "thinkingConfig", at)) {
        const std::string thinking_at = path(at, "thinkingConfig");
        r.reasoning = reasoning(*thinking, thinking_at);
        shape.include_thoughts = bool_field(*thinking, "includeThoughts", thinking_at).value_or(false);
    }
    // Penalties, seed, logprobs, responseModalities, speechConfig...: not in the canonical
    // model, and not something a reply depends on: ignored.
}

} // namespace llmhost::gateway::gemini_face
