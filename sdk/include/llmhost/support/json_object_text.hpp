// A JSON object's text with a few top-level members changed and the rest kept byte for byte:
// how a provider sends a client's own request body on (ChatRequest::wire) without parsing and
// rebuilding what it does not change. Only the top level is looked at; values are skipped
// over, not read.
#pragma once

#include <llmhost/error.hpp>
#include <llmhost/support/json_containers.hpp>
#include <llmhost/support/json_write.hpp>

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llmhost {

class JsonObjectText {
  public:
    struct Member {
        std::string key;        // unescaped
        std::string_view text;  // "name": value, as written
        std::string_view value; // the value, as written
    };

    // Throws Error(LLMH_ERR_BAD_REQUEST) when `text` is not one JSON object. `text` must
    // outlive this object.
    explicit JsonObjectText(std::string_view text) : text_(text) { scan(); }

    // The value of a top-level member as it is written, or nullopt when there is none.
    std::optional<std::string_view> raw(std::string_view key) const {
        for (auto it = members_.rbegin(); it != members_.rend(); ++it) // JSON readers take the last
            if (it->key == key) return it->value;
        return std::nullopt;
    }

    // The members as written, in their order (a name written twice is there twice).
    const std::vector<Member>& members() const { return members_; }

    // Replaces every member named `key` (however the client escaped its name) with one whose
    // value is the JSON text `value`, or adds it.
    void set(std::string_view key, std::string value) {
        erase(key);
        changes_.emplace_back(std::string(key), std::move(value));
    }

    void erase(std::string_view key) {
        std::erase_if(members_, [&](const Member& m) { return m.key == key; });
        std::erase_if(changes_, [&](const auto& change) { return change.first == key; });
    }

    // The object: the members set here first, then the others as they were written.
    std::string text() const {
        std::string out;
        out.reserve(text_.size() + 64);
        out += '{';
        for (const auto& [key, value] : changes_) {
            if (out.size() > 1) out += ',';
            append_json_string(out, key);
            out += ':';
            out += value;
        }
        for (const auto& m : members_) {
            if (out.size() > 1) out += ',';
            out += m.text;
        }
        out += '}';
        return out;
    }

  private:
    [[noreturn]] static void malformed() {
        throw Error(LLMH_ERR_BAD_REQUEST, "the request body is not a well-formed JSON object");
    }

    void skip_space() {
        while (at_ < text_.size() &&
               (text_[at_] == ' ' || text_[at_] == '\n' || text_[at_] == '\r' || text_[at_] == '\t'))
            ++at_;
    }

    char peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }

    // From an opening quote to just past the closing one; true when it held an escape.
    bool skip_string() {
        bool escaped = false;
        ++at_;
        while (at_ < text_.size()) {
            const size_t plain = json_write_detail::plain_prefix(text_.data() + at_, text_.size() - at_);
            at_ += plain;
            if (at_ >= text_.size()) break;
            const char c = text_[at_];
            if (c == '"') {
                ++at_;
                return escaped;
            }
            if (c == '\\') {
                escaped = true;
                at_ += 2;
            } else {
                ++at_; // a raw control character: the reader of the body refuses it, not this
            }
        }
        malformed();
    }

    void skip_value() {
        const char c = peek();
        if (c == '"') {
            skip_string();
            return;
        }
        if (c == '{' || c == '[') {
            at_ = json_containers::skip_container(text_, at_);
            if (at_ == std::string_view::npos) malformed();
            return;
        }
        const size_t start = at_;
        while (at_ < text_.size() && text_[at_] != ',' && text_[at_] != '}' && text_[at_] != ' ' &&
               text_[at_] != '\n' && text_[at_] != '\r' && text_[at_] != '\t')
            ++at_;
        if (at_ == start) malformed();
    }

    void scan() {
        skip_space();
        if (peek() != '{') malformed();
        ++at_;
        skip_space();
        if (peek() == '}') return finish();
        for (;;) {
            skip_space();
            if (peek() != '"') malformed();
            const size_t member_start = at_;
            const bool escaped = skip_string();
            const std::string_view quoted_key = text_.substr(member_start, at_ - member_start);
            skip_space();
            if (peek() != ':') malformed();
            ++at_;
            skip_space();
            const size_t value_start = at_;
            skip_value();
            members_.push_back({unquote(quoted_key, escaped), text_.substr(member_start, at_ - member_start),
                                text_.substr(value_start, at_ - value_start)});
            skip_space();
            if (peek() == ',') {
                ++at_;
                continue;
            }
            if (peek() != '}') malformed();
            return finish();
        }
    }

    void finish() {
        ++at_;
        skip_space();
        if (at_ != text_.size()) malformed();
    }

    // A name with escapes is read as JSON reads it, so "mo\u0064el" is "model" here too.
    static std::string unquote(std::string_view quoted, bool escaped) {
        if (!escaped) return std::string(quoted.substr(1, quoted.size() - 2));
        boost::system::error_code ec;
        const auto v = boost::json::parse(quoted, ec);
        if (ec || !v.is_string()) malformed();
        return std::string(v.get_string());
    }

    std::string_view text_;
    size_t at_ = 0;
    std::vector<Member> members_;
    std::vector<std::pair<std::string, std::string>> changes_;
};

} // namespace llmhost
