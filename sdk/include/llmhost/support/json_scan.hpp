// One pass over a small JSON document without building it, for the per-frame hot path of
// stream decoders: a chunk of a streamed answer is read thousands of times a second, and
// building a document for each (its objects, keys and strings) costs several times the read
// itself. The caller's visitor sees each value with the keys that lead to it and decides,
// value by value, what it takes, what it skips, and when the document is one it cannot read
// this way; the caller then reads it as a document (json_read::parse), which stays the one
// general path. A document that is not valid JSON is also given up, so errors are reported
// by the general path alone.
#pragma once

#include <boost/json/basic_parser_impl.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace llmhost::json_scan {

enum class Kind { object, array, string, integer, number, boolean, null };

// Where a value sits: the member keys from the root down to it. An array element adds no key
// of its own (its array's key is the last one); `element` counts the elements of the
// innermost array so far.
struct Path {
    static constexpr int max_depth = 6;
    std::array<std::string_view, max_depth> keys;
    int depth = 0;        // keys in use
    int64_t element = -1; // index within the innermost array, -1 when not in one

    std::string_view key(int level) const { return keys[static_cast<size_t>(level)]; }
    std::string_view last() const { return depth > 0 ? keys[static_cast<size_t>(depth - 1)] : ""; }
    bool is(std::string_view a) const { return depth == 1 && keys[0] == a; }
    bool is(std::string_view a, std::string_view b) const { return depth == 2 && keys[0] == a && keys[1] == b; }
    bool is(std::string_view a, std::string_view b, std::string_view c) const {
        return depth == 3 && keys[0] == a && keys[1] == b && keys[2] == c;
    }
};

// What the visitor answers for a value. For a container, `take` goes inside it; a scalar is
// taken either way.
enum class Verdict { take, skip, give_up };

// One value: its kind, and for strings and integers its value. A string is complete and
// unescaped; it is valid only during the call unless `in_document` (it had no escapes and
// is the document's own bytes, valid as long as the document is).
struct Value {
    Kind kind;
    std::string_view text;
    int64_t integer;
    bool in_document;

    explicit Value(Kind k, std::string_view t = {}, int64_t i = 0, bool in_doc = false)
        : kind(k), text(t), integer(i), in_document(in_doc) {}
};

// A string value's text kept past the visitor's call: the document's own bytes when it had no
// escapes (valid as long as the document is), else a copy in `copy`.
inline std::string_view keep_text(const Value& v, std::string& copy) {
    if (v.in_document) return v.text;
    copy.assign(v.text);
    return copy;
}

namespace detail {

template <class Visitor> class Handler {
  public:
    static constexpr size_t max_array_size = static_cast<size_t>(-1);
    static constexpr size_t max_object_size = static_cast<size_t>(-1);
    static constexpr size_t max_string_size = static_cast<size_t>(-1);
    static constexpr size_t max_key_size = static_cast<size_t>(-1);

    explicit Handler(Visitor& visitor) : visitor_(visitor) {}

    // `input` is the document: keys found whole in it are used in place.
    void reset(std::string_view input) {
        input_ = input;
        path_.depth = 0;
        path_.element = -1;
        level_ = 0;
        skipping_ = 0;
        gave_up_ = false;
    }
    bool gave_up() const { return gave_up_; }

    bool on_document_begin(boost::system::error_code&) { return true; }
    bool on_document_end(boost::system::error_code&) { return true; }

    bool on_object_begin(boost::system::error_code& ec) { return open(Kind::object, ec); }
    bool on_object_end(size_t, boost::system::error_code&) { return close(); }
    bool on_array_begin(boost::system::error_code& ec) { return open(Kind::array, ec); }
    bool on_array_end(size_t, boost::system::error_code&) { return close(); }

    bool on_key_part(boost::json::string_view s, size_t, boost::system::error_code&) {
        if (!skipping_) pending_key_.append(s.data(), s.size());
        return true;
    }
    bool on_key(boost::json::string_view s, size_t, boost::system::error_code& ec) {
        if (skipping_) return true;
        if (path_.depth >= Path::max_depth) return give_up(ec);
        const auto level = static_cast<size_t>(path_.depth);
        if (pending_key_.empty() && in_input(s)) {
            path_.keys[level] = {s.data(), s.size()};
        } else { // escaped or in pieces: the parser's copy would not last
            key_copies_[level].assign(pending_key_);
            key_copies_[level].append(s.data(), s.size());
            path_.keys[level] = key_copies_[level];
        }
        pending_key_.clear();
        key_set_ = true;
        return true;
    }

    bool on_string_part(boost::json::string_view s, size_t, boost::system::error_code&) {
        if (!skipping_) pending_string_.append(s.data(), s.size());
        return true;
    }
    bool on_string(boost::json::string_view s, size_t, boost::system::error_code& ec) {
        if (skipping_) return true;
        if (pending_string_.empty()) return scalar(Value(Kind::string, {s.data(), s.size()}, 0, in_input(s)), ec);
        pending_string_.append(s.data(), s.size());
        const bool go_on = scalar(Value(Kind::string, pending_string_), ec);
        pending_string_.clear();
        return go_on;
    }

    bool on_number_part(boost::json::string_view, boost::system::error_code&) { return true; }
    bool on_int64(int64_t i, boost::json::string_view, boost::system::error_code& ec) {
        return skipping_ || scalar(Value(Kind::integer, {}, i), ec);
    }
    bool on_uint64(uint64_t, boost::json::string_view, boost::system::error_code& ec) {
        return skipping_ || scalar(Value(Kind::number), ec);
    }
    bool on_double(double, boost::json::string_view, boost::system::error_code& ec) {
        return skipping_ || scalar(Value(Kind::number), ec);
    }
    bool on_bool(bool b, boost::system::error_code& ec) {
        return skipping_ || scalar(Value(Kind::boolean, {}, b ? 1 : 0), ec);
    }
    bool on_null(boost::system::error_code& ec) { return skipping_ || scalar(Value(Kind::null), ec); }
    bool on_comment_part(boost::json::string_view, boost::system::error_code&) { return true; }
    bool on_comment(boost::json::string_view, boost::system::error_code&) { return true; }

  private:
    // A container being read: an object's members add a key to the path, an array's
    // elements are counted; `outer_element` is the path's element to restore at its end.
    struct Level {
        Kind kind;
        int64_t elements;
        int64_t outer_element;
    };

    bool in_input(boost::json::string_view s) const {
        return s.data() >= input_.data() && s.data() + s.size() <= input_.data() + input_.size();
    }

    bool give_up(boost::system::error_code& ec) {
        gave_up_ = true;
        ec = boost::json::error::exception; // any error stops the parser
        return false;
    }

    // The value's own path: an object member's key is in place; an array element counts.
    void enter_value() {
        if (level_ > 0 && levels_[static_cast<size_t>(level_ - 1)].kind == Kind::array)
            path_.element = ++levels_[static_cast<size_t>(level_ - 1)].elements;
        else if (key_set_) {
            ++path_.depth;
            key_set_ = false;
        }
    }
    void leave_value() {
        if (level_ > 0 && levels_[static_cast<size_t>(level_ - 1)].kind == Kind::object) --path_.depth;
    }

    bool scalar(const Value& value, boost::system::error_code& ec) {
        enter_value();
        const bool stop = visitor_(path_, value) == Verdict::give_up;
        leave_value();
        return stop ? give_up(ec) : true;
    }

    bool open(Kind kind, boost::system::error_code& ec) {
        if (skipping_) {
            ++skipping_;
            return true;
        }
        enter_value();
        const Verdict verdict = visitor_(path_, Value(kind));
        if (verdict == Verdict::give_up) return give_up(ec);
        if (verdict == Verdict::skip) {
            skipping_ = 1;
            return true;
        }
        if (level_ >= static_cast<int>(levels_.size())) return give_up(ec);
        levels_[static_cast<size_t>(level_)] = {kind, -1, path_.element};
        if (kind == Kind::array) path_.element = -1;
        ++level_;
        return true;
    }

    bool close() {
        if (skipping_) {
            if (--skipping_ == 0) leave_value();
            return true;
        }
        --level_;
        path_.element = levels_[static_cast<size_t>(level_)].outer_element;
        leave_value();
        return true;
    }

    Visitor& visitor_;
    std::string_view input_;
    Path path_;
    std::array<std::string, Path::max_depth> key_copies_;
    std::array<Level, Path::max_depth + 2> levels_{};
    int level_ = 0;
    int skipping_ = 0; // depth inside a skipped container
    bool key_set_ = false;
    bool gave_up_ = false;
    std::string pending_key_, pending_string_;
};

} // namespace detail

// Reads documents with one visitor, keeping its buffers from one document to the next.
// `visitor` is called as visitor(const Path&, const Value&) -> Verdict.
template <class Visitor> class Scanner {
  public:
    explicit Scanner(Visitor& visitor) : parser_(boost::json::parse_options{}, visitor) {}

    // True when the whole document was read and the visitor took it; false when it gave up
    // or the text is not one valid JSON document.
    bool scan(std::string_view text) {
        parser_.reset();
        parser_.handler().reset(text);
        boost::system::error_code ec;
        const size_t used = parser_.write_some(false, text.data(), text.size(), ec);
        if (ec || parser_.handler().gave_up() || !parser_.done()) return false;
        // One document and nothing after it, as a document reading requires.
        return text.find_first_not_of(" \t\r\n", used) == std::string_view::npos;
    }

  private:
    boost::json::basic_parser<detail::Handler<Visitor>> parser_;
};

} // namespace llmhost::json_scan
