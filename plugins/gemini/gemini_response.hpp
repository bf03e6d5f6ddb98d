// GenerateContentResponse -> canonical events (docs/protocols/gemini.md "Response and stream"). The
// same translator reads a whole answer and each chunk of a stream:
//
//   responseId / modelVersion        -> message_start (once)
//   candidates[0].content.parts      -> text; parts with "thought": true -> reasoning;
//                                       functionCall (always whole) -> tool_call_start + the
//                                       complete arguments, id "call_<n>" unless one is sent
//   candidates[0].finishReason       -> finish (see gemini_finish_reason)
//   promptFeedback.blockReason       -> finish content_filter (a blocked prompt has no candidates)
//   usageMetadata                    -> usage; it may come on several chunks, the last one counts
//   "error"                          -> a typed Error
#pragma once

#include <llmhost/chat.hpp>
#include <llmhost/provider.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace llmhost::gemini_plugin {

// Tool calls are recognised by their parts: there is no "function call" finish reason.
llmh_finish_reason gemini_finish_reason(std::string_view reason);

// usageMetadata -> Usage: output counts the thinking tokens too, which Google bills as output
// (docs/protocols/gemini.md); input includes the tokens of tool-use prompts when they are reported.
Usage gemini_usage(const boost::json::object& u);

class GeminiResponseTranslator {
  public:
    GeminiResponseTranslator(std::string provider_id, EventSink& sink);

    // One GenerateContentResponse. Throws Error for an error object.
    void add(const boost::json::object& response);

    // Whether the answer said how it ended (a finishReason or a blocked prompt).
    bool finish_seen() const { return finish_seen_; }
    // Whether anything answered the prompt: a candidate, or the verdict that it was blocked.
    bool answered() const { return candidate_seen_ || finish_seen_; }

    // Emits the last usage and the finish event.
    void finish();

  private:
    void add_candidate(const boost::json::object& candidate);
    void add_part(const boost::json::object& part);

    std::string provider_id_;
    EventSink& sink_;
    std::optional<Usage> usage_;
    llmh_finish_reason finish_ = LLMH_FINISH_NONE;
    int tool_calls_ = 0;
    bool started_ = false;
    bool candidate_seen_ = false;
    bool finish_seen_ = false;
};

// A whole (non-streamed) answer: an object, or the JSON array the streaming endpoint returns
// without alt=sse. A candidate without finishReason ends as "stop"; a body with neither a
// candidate nor a blocked prompt is malformed.
void emit_gemini_response(std::string_view provider_id, const boost::json::value& body, EventSink& sink);

} // namespace llmhost::gemini_plugin
