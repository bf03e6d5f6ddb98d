#include "gemini_stream.hpp"

#include "gemini_errors.hpp"

#include <llmhost/support/error_text.hpp>
#include <llmhost/support/json_read.hpp>

#include <boost/json.hpp>

#include <utility>

namespace llmhost::gemini_plugin {

void JsonBalance::scan(std::string_view text) {
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

void JsonBalance::reset() { *this = JsonBalance(); }

GeminiStreamDecoder::GeminiStreamDecoder(std::string provider_id, EventSink& sink)
    : provider_id_(std::move(provider_id)), translator_(provider_id_, sink) {}

void GeminiStreamDecoder::feed(std::string_view bytes) {
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

void GeminiStreamDecoder::finish(std::string_view why) {
    at_eof_ = true;
    if (!line_.empty()) take_line(); // a last line without its newline
    if (!bare_json_.empty()) throw incomplete("inside a JSON error object", why);
    feed_sse("\n"); // a last event without its blank line still counts
    if (!translator_.finish_seen()) throw incomplete("without a finishReason", why);
    translator_.finish();
}

void GeminiStreamDecoder::take_line() {
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

bool GeminiStreamDecoder::opens_bare_json(std::string_view line) {
    const size_t first = line.find_first_not_of(" \t");
    return first != std::string_view::npos && (line[first] == '{' || line[first] == '[');
}

void GeminiStreamDecoder::feed_sse(std::string_view text) {
    sse_.feed(text, [this](const SseEvent& event) {
        take_event(event.data);
        return true;
    });
}

void GeminiStreamDecoder::take_event(std::string_view data) {
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
void GeminiStreamDecoder::take_bare_json() {
    const auto json = json_read::parse(bare_json_);
    if (!json)
        throw Error(LLMH_ERR_MALFORMED_RESPONSE, provider_id_ + ": stream holds text that is neither SSE nor JSON: " +
                                                     error_text::snippet(bare_json_));
    bare_json_.clear();
    balance_.reset();
    const boost::json::array single{*json};
    for (const auto& item : json->is_array() ? json->get_array() : single) {
        if (!item.is_object())
            throw Error(LLMH_ERR_MALFORMED_RESPONSE, provider_id_ + ": stream holds JSON that is not an object");
        translator_.add(item.get_object()); // throws the typed error for {"error":...}
    }
}

Error GeminiStreamDecoder::incomplete(std::string_view how, std::string_view why) const {
    std::string message = provider_id_ + ": stream ended " + std::string(how) + " (the response is incomplete";
    message += why.empty() ? ")" : "; " + std::string(why) + ")";
    return Error(LLMH_ERR_MALFORMED_RESPONSE, message);
}

} // namespace llmhost::gemini_plugin
