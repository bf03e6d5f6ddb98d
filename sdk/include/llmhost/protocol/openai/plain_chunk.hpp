// The chunk most of an OpenAI stream is made of — one choice whose delta carries text or
// reasoning, perhaps with its finish_reason — read in one pass without building a document
// (json_scan.hpp). A chunk with anything more (tool calls, usage, an error, content parts,
// reasoning_opaque, several choices, a field of an unexpected type) is given up and read as
// a document by OpenAIStreamDecoder, so each chunk gives the same events either way.
#pragma once

#include <llmhost/support/json_scan.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace llmhost {

class OpenAIPlainChunk {
  public:
    // Fields as read, valid until the next read and while its text is; empty when absent or null.
    std::string_view id, model, content, finish_reason;
    // reasoning_content, reasoning, reasoning_text (the first non-empty one is the reasoning).
    std::array<std::string_view, 3> reasoning;
    int choices = 0; // 0 or 1
    int64_t index = 0;

    // True when `data` is a plain chunk, now in the fields above.
    bool read(std::string_view data) {
        clear();
        return scanner_.scan(data);
    }

    std::string_view reasoning_text() const {
        for (const auto& r : reasoning)
            if (!r.empty()) return r;
        return {};
    }

    json_scan::Verdict operator()(const json_scan::Path& path, const json_scan::Value& v) {
        using json_scan::Kind;
        using json_scan::Verdict;
        if (path.depth == 0) return v.kind == Kind::object ? Verdict::take : Verdict::give_up;
        const std::string_view key = path.last();
        if (path.depth == 1 && path.element >= 0) { // an element of choices
            return v.kind == Kind::object && ++choices == 1 ? Verdict::take : Verdict::give_up;
        }
        if (path.depth == 1) {
            if (key == "choices")
                return v.kind == Kind::array || v.kind == Kind::null ? Verdict::take : Verdict::give_up;
            if (key == "id") return string_into(id, v, 0);
            if (key == "model") return string_into(model, v, 1);
            if (key == "usage") return v.kind == Kind::null ? Verdict::take : Verdict::give_up;
            if (key == "error" || key == "x_groq") return Verdict::give_up;
            return Verdict::skip;
        }
        if (path.depth == 2) { // a choice's member
            if (key == "index") {
                if (v.kind != Kind::integer) return Verdict::give_up;
                index = v.integer;
                return Verdict::take;
            }
            if (key == "finish_reason") return string_into(finish_reason, v, 2);
            if (key == "delta")
                return v.kind == Kind::object || v.kind == Kind::null ? Verdict::take : Verdict::give_up;
            return Verdict::skip;
        }
        // depth 3: a delta's member
        if (key == "content") return string_into(content, v, 3);
        if (key == "reasoning_content") return string_into(reasoning[0], v, 4);
        if (key == "reasoning") return string_into(reasoning[1], v, 5);
        if (key == "reasoning_text") return string_into(reasoning[2], v, 6);
        if (key == "tool_calls") return v.kind == Kind::null ? Verdict::take : Verdict::give_up;
        if (key == "reasoning_opaque")
            return v.kind == Kind::null || (v.kind == Kind::string && v.text.empty()) ? Verdict::take
                                                                                      : Verdict::give_up;
        return Verdict::skip;
    }

  private:
    void clear() {
        id = model = content = finish_reason = {};
        reasoning = {};
        choices = 0;
        index = 0;
    }

    // A string member, or null; anything else is for the document path. An escaped string
    // is kept in copies_[slot], the rest are the chunk's own bytes.
    json_scan::Verdict string_into(std::string_view& field, const json_scan::Value& v, size_t slot) {
        if (v.kind == json_scan::Kind::null) {
            field = {};
            return json_scan::Verdict::take;
        }
        if (v.kind != json_scan::Kind::string) return json_scan::Verdict::give_up;
        field = json_scan::keep_text(v, copies_[slot]);
        return json_scan::Verdict::take;
    }

    std::array<std::string, 7> copies_;
    json_scan::Scanner<OpenAIPlainChunk> scanner_{*this};
};

} // namespace llmhost
