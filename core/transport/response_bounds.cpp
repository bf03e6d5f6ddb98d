#include "core/transport/response_bounds.hpp"

#include <llmhost/http.hpp>

#include <cstring>

namespace llmhost::transport {
namespace {

// "text/event-stream; charset=utf-8" -> "text/event-stream"
std::string_view media_type(std::string_view content_type) {
    content_type = content_type.substr(0, content_type.find(';'));
    while (!content_type.empty() && content_type.back() == ' ')
        content_type.remove_suffix(1);
    return content_type;
}

std::string megabytes(uint64_t bytes) { return std::to_string(bytes / (1024 * 1024)) + " MiB"; }

// Where the next line ending (CR or LF) is from `at` on, or the end of `chunk`.
size_t next_line_end(std::string_view chunk, size_t at) {
    const char* from = chunk.data() + at;
    const auto* lf = static_cast<const char*>(std::memchr(from, '\n', chunk.size() - at));
    const size_t until = lf ? static_cast<size_t>(lf - from) : chunk.size() - at;
    const auto* cr = static_cast<const char*>(std::memchr(from, '\r', until));
    return at + (cr ? static_cast<size_t>(cr - from) : until);
}

} // namespace

void ResponseBounds::start(std::string_view content_type) {
    const std::string_view type = media_type(content_type);
    if (iequals(type, "text/event-stream"))
        framing_ = Framing::sse_events;
    else if (iequals(type, "application/x-ndjson") || iequals(type, "application/jsonl") ||
             iequals(type, "application/jsonlines"))
        framing_ = Framing::ndjson_lines;
    else if (iequals(type, "application/vnd.amazon.eventstream"))
        framing_ = Framing::binary_frames; // the decoder bounds each frame
    else
        framing_ = Framing::whole_body;
}

std::string ResponseBounds::check(std::string_view chunk) {
    switch (framing_) {
    case Framing::whole_body:
        body_bytes_ += chunk.size();
        if (body_bytes_ > limits_.max_body_bytes)
            return "the response body is larger than " + megabytes(limits_.max_body_bytes) +
                   " (the provider's max_response_bytes)";
        return {};
    case Framing::sse_events: scan_sse(chunk); break;
    case Framing::ndjson_lines: scan_lines(chunk); break;
    case Framing::binary_frames: return {};
    }
    if (record_bytes_ > limits_.max_stream_line_bytes)
        return std::string(framing_ == Framing::sse_events ? "a stream event" : "a stream line") + " is longer than " +
               megabytes(limits_.max_stream_line_bytes) + " (the provider's max_stream_line_bytes)";
    return {};
}

// An event ends at an empty line; lines end with LF, CR or CRLF (as SseParser reads them).
// Counted a line at a time: a stream's chunks are mostly text between line endings.
void ResponseBounds::scan_sse(std::string_view chunk) {
    size_t at = 0;
    while (at < chunk.size()) {
        const size_t end = next_line_end(chunk, at);
        if (const size_t run = end - at; run > 0) {
            after_cr_ = false;
            line_bytes_ += run;
            record_bytes_ += run;
        }
        if (end == chunk.size()) return;
        const bool lf_of_crlf = chunk[end] == '\n' && after_cr_;
        after_cr_ = chunk[end] == '\r';
        at = end + 1;
        if (lf_of_crlf) continue;
        if (line_bytes_ == 0) record_bytes_ = 0; // an empty line: the event is complete
        line_bytes_ = 0;
    }
}

void ResponseBounds::scan_lines(std::string_view chunk) {
    const char* p = chunk.data();
    const char* end = p + chunk.size();
    while (const char* lf = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)))) {
        record_bytes_ = 0;
        p = lf + 1;
    }
    record_bytes_ += static_cast<uint64_t>(end - p);
}

} // namespace llmhost::transport
