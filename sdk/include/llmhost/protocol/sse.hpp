// Incremental text/event-stream parser, per the WHATWG "event stream interpretation" rules:
// LF, CRLF and CR line ends; several data lines joined with LF; comments; named events; id
// and retry fields. Feed it body chunks split anywhere; it calls back once per event.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace llmhost {

struct SseEvent {
    std::string_view event; // "" when the stream named none (callers treat it as "message")
    std::string_view data;
    std::string_view id; // the last event id seen so far
};

class SseParser {
  public:
    // Calls on_event(const SseEvent&) for each complete event; it returns false to stop, in
    // which case feed returns false and the rest of the chunk is dropped.
    template <class OnEvent> bool feed(std::string_view chunk, OnEvent&& on_event) {
        const char* p = chunk.data();
        const char* end = p + chunk.size();
        if (skip_lf_ && p != end) {
            skip_lf_ = false;
            if (*p == '\n') ++p;
        }
        if (at_start_) strip_bom(p, end);
        while (p != end) {
            const char* lf = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
            const char* scan_end = lf ? lf : end;
            const char* cr = static_cast<const char*>(std::memchr(p, '\r', static_cast<size_t>(scan_end - p)));
            const char* eol = cr ? cr : lf;
            if (!eol) { // no terminator in the rest of the chunk: keep the partial line
                pending_.append(p, static_cast<size_t>(end - p));
                return true;
            }
            std::string_view line;
            if (pending_.empty()) {
                line = std::string_view(p, static_cast<size_t>(eol - p));
            } else {
                pending_.append(p, static_cast<size_t>(eol - p));
                line = pending_;
            }
            p = eol + 1;
            if (*eol == '\r') {
                if (p == end)
                    skip_lf_ = true; // a LF may open the next chunk
                else if (*p == '\n')
                    ++p;
            }
            const bool keep_going = process_line(line, on_event);
            pending_.clear();
            if (!keep_going) return false;
        }
        return true;
    }

    // True when bytes of an unfinished event are buffered (the stream ended mid-event).
    bool has_partial_event() const { return !pending_.empty() || has_fields_; }

    int64_t retry_ms() const { return retry_ms_; }

    void reset() { *this = SseParser(); }

  private:
    // A UTF-8 byte order mark may open the stream (possibly split across chunks).
    void strip_bom(const char*& p, const char* end) {
        static constexpr unsigned char bom[3] = {0xEF, 0xBB, 0xBF};
        while (p != end && bom_matched_ < 3 && static_cast<unsigned char>(*p) == bom[bom_matched_]) {
            ++p;
            ++bom_matched_;
        }
        if (p != end || bom_matched_ == 3) at_start_ = false;
    }

    template <class OnEvent> bool process_line(std::string_view line, OnEvent& on_event) {
        if (line.empty()) return dispatch(on_event);
        if (line.front() == ':') return true; // comment (keep-alives such as ": OPENROUTER PROCESSING")
        std::string_view field = line, value;
        if (auto colon = line.find(':'); colon != std::string_view::npos) {
            field = line.substr(0, colon);
            value = line.substr(colon + 1);
            if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        }
        if (field == "data") {
            data_.append(value);
            data_.push_back('\n');
            has_fields_ = true;
        } else if (field == "event") {
            event_.assign(value);
            has_fields_ = true;
        } else if (field == "id") {
            if (value.find('\0') == std::string_view::npos) last_id_.assign(value);
        } else if (field == "retry") {
            // Digits only; a value too large to hold is ignored like any other bad one.
            int64_t ms = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), ms);
            if (!value.empty() && value.front() != '-' && ec == std::errc() && end == value.data() + value.size())
                retry_ms_ = ms;
        }
        return true;
    }

    template <class OnEvent> bool dispatch(OnEvent& on_event) {
        has_fields_ = false;
        if (data_.empty()) { // no data field: nothing to dispatch
            event_.clear();
            return true;
        }
        data_.pop_back(); // the LF appended after the last data line
        const bool keep_going = on_event(SseEvent{event_, data_, last_id_});
        data_.clear();
        event_.clear();
        return keep_going;
    }

    std::string pending_; // a line split across chunks
    std::string data_;
    std::string event_;
    std::string last_id_;
    int64_t retry_ms_ = -1;
    size_t bom_matched_ = 0;
    bool skip_lf_ = false;
    bool at_start_ = true;
    bool has_fields_ = false;
};

} // namespace llmhost
