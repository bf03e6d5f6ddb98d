// The event most of an Anthropic stream is made of — a content_block_delta carrying text or
// thinking — read in one pass without building a document (json_scan.hpp). Any other event,
// and a delta with anything more than its type and text (a member this code does not know, a
// field of an unexpected type), is given up and read as a document by AnthropicStreamDecoder,
// so each event gives the same canonical events either way.
#pragma once

#include <llmhost/support/json_scan.hpp>

#include <array>
#include <string>
#include <string_view>

namespace llmhost {

class AnthropicPlainEvent {
  public:
    // Fields as read, valid until the next read and while its text is; empty when absent.
    std::string_view type;       // the data's "type"
    std::string_view delta_type; // "text_delta" or "thinking_delta"
    std::string_view text;       // the delta's text or thinking

    // True when `data` is a content_block_delta of text or thinking, now in the fields above.
    bool read(std::string_view data) {
        type = delta_type = text = {};
        seen_ = 0;
        if (!scanner_.scan(data) || !(seen_ & delta_object)) return false;
        // The text member must be the one its type names ("text" for text_delta, "thinking"
        // for thinking_delta), or absent; anything else is the document reading's to judge.
        if (delta_type == "text_delta") return !(seen_ & thinking_member);
        if (delta_type == "thinking_delta") return !(seen_ & text_member);
        return false;
    }

    json_scan::Verdict operator()(const json_scan::Path& path, const json_scan::Value& v) {
        using json_scan::Kind;
        using json_scan::Verdict;
        if (path.depth == 0) return v.kind == Kind::object ? Verdict::take : Verdict::give_up;
        const std::string_view key = path.last();
        if (path.depth == 1) {
            if (key == "type") return string_into(type, v, top_type, 0);
            if (key == "delta") {
                if (v.kind != Kind::object || (seen_ & delta_object)) return Verdict::give_up;
                seen_ |= delta_object;
                return Verdict::take;
            }
            return Verdict::skip; // index, and members newer than this code
        }
        // depth 2: a delta's member; only a plain delta's own members are read here.
        if (key == "type") return string_into(delta_type, v, delta_type_member, 1);
        if (key == "text") return string_into(text, v, text_member | thinking_member, 2, text_member);
        if (key == "thinking") return string_into(text, v, text_member | thinking_member, 2, thinking_member);
        return Verdict::give_up;
    }

  private:
    // Members seen so far; a second one of a kind (a duplicate key, or text and thinking both)
    // is left to the document reading.
    enum Seen : unsigned {
        top_type = 1,
        delta_object = 2,
        delta_type_member = 4,
        text_member = 8,
        thinking_member = 16
    };

    // A string member; anything else is for the document path. An escaped string is kept in
    // copies_[slot], the rest are the event's own bytes.
    json_scan::Verdict string_into(std::string_view& field, const json_scan::Value& v, unsigned exclusive, size_t slot,
                                   unsigned marks = 0) {
        if (v.kind != json_scan::Kind::string || (seen_ & exclusive)) return json_scan::Verdict::give_up;
        seen_ |= marks ? marks : exclusive;
        field = json_scan::keep_text(v, copies_[slot]);
        return json_scan::Verdict::take;
    }

    std::array<std::string, 3> copies_;
    unsigned seen_ = 0;
    json_scan::Scanner<AnthropicPlainEvent> scanner_{*this};
};

} // namespace llmhost
