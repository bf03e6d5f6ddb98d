// Incremental newline-delimited JSON framer: one callback per non-blank line, whatever way
// the body was split into chunks. CRLF is tolerated.
#pragma once

#include <cstring>
#include <string>
#include <string_view>

namespace llmhost {

class NdjsonFramer {
  public:
    // Calls on_line(std::string_view) per complete line; it returns false to stop.
    template <class OnLine> bool feed(std::string_view chunk, OnLine&& on_line) {
        const char* p = chunk.data();
        const char* end = p + chunk.size();
        while (p != end) {
            const char* lf = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
            if (!lf) {
                pending_.append(p, static_cast<size_t>(end - p));
                return true;
            }
            std::string_view line;
            if (pending_.empty())
                line = std::string_view(p, static_cast<size_t>(lf - p));
            else {
                pending_.append(p, static_cast<size_t>(lf - p));
                line = pending_;
            }
            p = lf + 1;
            const bool keep_going = emit(line, on_line);
            pending_.clear();
            if (!keep_going) return false;
        }
        return true;
    }

    // At end of body: delivers a last line that had no terminating newline.
    template <class OnLine> bool finish(OnLine&& on_line) {
        if (pending_.empty()) return true;
        std::string line;
        line.swap(pending_);
        return emit(line, on_line);
    }

  private:
    template <class OnLine> static bool emit(std::string_view line, OnLine& on_line) {
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos) return true;
        return on_line(line);
    }

    std::string pending_;
};

} // namespace llmhost
