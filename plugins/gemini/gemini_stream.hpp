// Decodes a streamGenerateContent?alt=sse body into canonical events, fed with bytes split
// anywhere (docs/protocols/gemini.md "Response and stream"):
//
//   data: <GenerateContentResponse>   one chunk (no event: lines, no [DONE])
//   <bare JSON, possibly on several lines>
//                                      the body switched to an error object: its lines are
//                                      gathered until the braces balance, as python-genai does
//   end of body                        the end: a stream that never gave a finishReason (or a
//                                      blocked-prompt verdict) is incomplete
//
// SSE itself (data: lines, comments, CR/LF variants) is the SDK's SseParser; this class only
// splits lines so that the bare JSON can be taken out before the SSE parser drops it.
#pragma once

#include "gemini_response.hpp"

#include <llmhost/error.hpp>
#include <llmhost/protocol/sse.hpp>
#include <llmhost/provider.hpp>

#include <string>
#include <string_view>

namespace llmhost::gemini_plugin {

// Tracks the nesting of {} and [] across lines of JSON text, ignoring brackets in strings.
class JsonBalance {
  public:
    void scan(std::string_view text);
    bool balanced() const { return depth_ <= 0 && !in_string_; }
    void reset();

  private:
    int depth_ = 0;
    bool in_string_ = false;
    bool escaped_ = false;
};

class GeminiStreamDecoder {
  public:
    GeminiStreamDecoder(std::string provider_id, EventSink& sink);

    // Feeds body bytes. Throws Error for an error (as an event or as bare JSON) and for data
    // that is not JSON.
    void feed(std::string_view bytes);

    // The body ended: emits usage and finish, or throws MALFORMED_RESPONSE when the stream
    // stopped short. `why` (e.g. the transport error that cut it) is added to the message.
    void finish(std::string_view why = {});

  private:
    void take_line();
    static bool opens_bare_json(std::string_view line);
    void feed_sse(std::string_view text);
    void take_event(std::string_view data);
    void take_bare_json();
    Error incomplete(std::string_view how, std::string_view why) const;

    std::string provider_id_;
    GeminiResponseTranslator translator_;
    SseParser sse_;
    std::string line_;      // the line being received
    std::string bare_json_; // lines of a bare JSON value, until it balances
    JsonBalance balance_;
    bool at_eof_ = false;
};

} // namespace llmhost::gemini_plugin
