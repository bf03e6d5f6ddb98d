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

#include "gemini_errors.hpp"
#include "gemini_response.hpp"

#include <llmhost/error.hpp>
#include <llmhost/error_text.hpp>
#include <llmhost/json_read.hpp>
#include <llmhost/provider.hpp>
#include <llmhost/sse.hpp>

#include <boost/json.hpp>

#include <string>
#include <string_view>

namespace llmhost::gemini_plugin {

// Tracks the nesting of {} and [] across lines of JSON text, ignoring brackets in strings.
class JsonBalance {
  public:
    void scan(std::string_view text) {
        for (char c : text) {
            if (in_string_) {
                if (escaped_)
                    escaped_ = false;
                else if (c == '\\')
                    escaped_ = true;
                else if (c == '"')
                    in_string_ = false;
            } else if (c == '"') {
                in_string_ = true;
            } else if (c == '{' || c == '[') {
                ++depth_;
            } else if (c == '}' || c == ']') {
                --depth_;
            }
        }
    }
    bool balanced() const { return depth_ <= 0 && !in_string_; }
    void reset() { *this = JsonBalance(); }

  private:
    int depth_ = 0;
    bool in_string_ = false;
    bool escaped_ = false;
};

class GeminiStreamDecoder {
  public:
    GeminiStreamDecoder(std::string provider_id, EventSink& sink)
        : provider_id_(std::move(provider_id)), translator_(provider_id_, sink) {}

    // Feeds body bytes. Throws Error for an error (as an event or as bare JSON) and for data
    // that is not JSON.
    void feed(std::string_view bytes) {
        while (!bytes.empty()) {
            const size_t lf = bytes.find('\n');
            if (lf == std::string_view::npos) {
                line_.append(bytes);
                return;
            }
            line_.append(bytes.substr(0, lf));
            bytes.remove_prefix(lf + 1);
            take_line();
        }
    }

    // The body ended: emits usage and finish, or throws MALFORMED_RESPONSE when the stream
    // stopped short. `why` (e.g. the transport error that cut it) is added to the message.
    void finish(std::string_view why = {}) {
        at_eof_ = true;
        if (!line_.empty()) take_line(); // a last line without its newline
        if (!bare_json_.empty()) throw incomplete("inside a JSON error object", why);
        feed_sse("\n"); // a last event without its blank line still counts
        if (!translator_.finish_seen()) throw incomplete("without a finishReason", why);
        translator_.finish();
    }

  private:
    void take_line() {
        std::string_view line = line_;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (bare_json_.empty() && !opens_bare_json(line)) {
            feed_sse(std::string(line) + "\n");
        } else {
            bare_json_.append(line).push_back('\n');
            balance_.scan(line);
            if (balance_.balanced()) take_bare_json();
        }
        line_.clear();
    }

    static bool opens_bare_json(std::string_view line) {
        const size_t first = line.find_first_not_of(" \t");
        return first != std::string_view::npos && (line[first] == '{' || line[first] == '[');
    }

    void feed_sse(std::string_view text) {
        sse_.feed(text, [this](const SseEvent& event) {
            take_event(event.data);
            return true;
        });
    }

    void take_event(std::string_view data) {
        while (!data.empty() && (data.back() == ' ' || data.back() == '\n' || data.back() == '\r'))
            data.remove_suffix(1);
        if (data.empty() || data == "[DONE]") return; // [DONE] is not Gemini's, but harmless
        const auto json = json_read::parse(data);
        if (!json || !json->is_object()) {
            if (at_eof_) return; // the cut-off tail of a stream: finish() reports it
            throw Error(LLMH_ERR_MALFORMED_RESPONSE,
                        provider_id_ + ": stream event is not a JSON object: " + error_text::snippet(data));
        }
        translator_.add(json->get_object());
    }

    // A complete bare JSON value in the body: normally an error object; a response chunk
    // sent without "data: " is taken as one.
    void take_bare_json() {
        const auto json = json_read::parse(bare_json_);
        if (!json)
            throw Error(LLMH_ERR_MALFORMED_RESPONSE,
                        provider_id_ +
                            ": stream holds text that is neither SSE nor JSON: " + error_text::snippet(bare_json_));
        bare_json_.clear();
        balance_.reset();
        const boost::json::array single{*json};
        for (const auto& item : json->is_array() ? json->get_array() : single) {
            if (!item.is_object())
                throw Error(LLMH_ERR_MALFORMED_RESPONSE, provider_id_ + ": stream holds JSON that is not an object");
            translator_.add(item.get_object()); // throws the typed error for {"error":...}
        }
    }

    Error incomplete(std::string_view how, std::string_view why) const {
        std::string message = provider_id_ + ": stream ended " + std::string(how) + " (the response is incomplete";
        message += why.empty() ? ")" : "; " + std::string(why) + ")";
        return Error(LLMH_ERR_MALFORMED_RESPONSE, message);
    }

    std::string provider_id_;
    GeminiResponseTranslator translator_;
    SseParser sse_;
    std::string line_;      // the line being received
    std::string bare_json_; // lines of a bare JSON value, until it balances
    JsonBalance balance_;
    bool at_eof_ = false;
};

} // namespace llmhost::gemini_plugin
