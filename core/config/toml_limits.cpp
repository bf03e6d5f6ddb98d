#include "core/config/toml_limits.hpp"

#include "core/config/config.hpp"

#include <algorithm>
#include <fstream>

namespace llmhost::config {

namespace {

bool is_bare_key_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// One pass over the text: tracks how deep brackets and braces nest, and measures each run of
// key-like text (bare words, quoted strings, dots and blanks) as a possible dotted key.
class LimitScanner {
  public:
    LimitScanner(std::string_view text, const std::string& path) : text_(text), path_(path) {}

    void scan() {
        while (i_ < text_.size()) {
            const char c = text_[i_];
            if (c == '"' || c == '\'') {
                string(c);
                continue;
            }
            if (is_bare_key_char(c)) {
                extend_run(1);
            } else if (c == '.') {
                extend_run(0);
                if (++run_dots_ >= max_toml_key_parts)
                    fail(run_line_, "a dotted key of more than " + std::to_string(max_toml_key_parts) +
                                        " parts; llmhost accepts at most " + std::to_string(max_toml_key_parts) +
                                        " parts per key: shorten the key");
            } else if (c != ' ' && c != '\t') {
                end_run(c);
                structure(c);
            }
            ++i_;
        }
    }

  private:
    void extend_run(size_t chars) {
        at_line_start_ = false;
        if (!in_run_) {
            in_run_ = true;
            run_line_ = line_;
            run_dots_ = 0;
            run_chars_ = 0;
        }
        run_chars_ += chars;
    }

    // A run ended by '=' is a key, and so is one ended by ']' in a table header.
    void end_run(char terminator) {
        const bool key = terminator == '=' || (terminator == ']' && in_header_);
        if (in_run_ && key && run_chars_ > max_toml_key_chars)
            fail(run_line_, "a key of more than " + std::to_string(max_toml_key_chars) +
                                " characters; llmhost accepts keys of at most " + std::to_string(max_toml_key_chars) +
                                " characters: shorten the key");
        in_run_ = false;
    }

    void structure(char c) {
        switch (c) {
        case '\n':
            ++line_;
            at_line_start_ = true;
            in_header_ = false;
            return;
        case '#':
            while (i_ + 1 < text_.size() && text_[i_ + 1] != '\n')
                ++i_;
            return;
        case '[':
        case '{':
            if (c == '[' && depth_ == 0 && at_line_start_) in_header_ = true;
            if (++depth_ > max_toml_nesting)
                fail(line_, "values nested more than " + std::to_string(max_toml_nesting) +
                                " deep (arrays and inline tables inside each other); llmhost accepts at most " +
                                std::to_string(max_toml_nesting) + " levels: flatten the value");
            break;
        case ']':
        case '}':
            if (depth_ > 0) --depth_;
            break;
        default: break;
        }
        at_line_start_ = false;
    }

    // A quoted string starting at i_: basic or literal, single- or multi-line. Its characters
    // count towards the key run it may be part of; nothing inside it is structure.
    void string(char quote) {
        extend_run(0);
        const bool multiline = text_.substr(i_, 3) == std::string(3, quote);
        i_ += multiline ? 3 : 1;
        const size_t start = i_;
        while (i_ < text_.size()) {
            const char c = text_[i_];
            if (c == '\\' && quote == '"' && i_ + 1 < text_.size()) {
                if (text_[i_ + 1] == '\n') ++line_;
                i_ += 2;
                continue;
            }
            if (c == '\n') {
                if (!multiline) break; // unterminated: toml11 reports it
                ++line_;
            }
            if (c == quote && (!multiline || text_.substr(i_, 3) == std::string(3, quote))) {
                run_chars_ += i_ - start;
                i_ += multiline ? 3 : 1;
                // A multi-line string may end with up to two quotes of its own before the closing three.
                for (int extra = 0; multiline && extra < 2 && i_ < text_.size() && text_[i_] == quote; ++extra)
                    ++i_;
                return;
            }
            ++i_;
        }
        run_chars_ += i_ - start;
    }

    [[noreturn]] void fail(size_t line, const std::string& what) const {
        throw ConfigError(path_ + ":" + std::to_string(line) + ": " + what);
    }

    std::string_view text_;
    const std::string& path_;
    size_t i_ = 0;
    size_t line_ = 1;
    size_t depth_ = 0;
    bool at_line_start_ = true;
    bool in_header_ = false;
    bool in_run_ = false;
    size_t run_line_ = 1;
    size_t run_dots_ = 0;
    size_t run_chars_ = 0;
};

std::string too_large(const std::string& path) {
    return path + ": the config file is larger than 4 MiB; llmhost reads config files of at most 4 MiB (is " +
           "this the right file?)";
}

// The offset of the first byte that is not part of well-formed UTF-8 (no overlong forms, no
// surrogates, nothing above U+10FFFF), or npos. TOML files are UTF-8, and toml11 reads past
// the end of its buffer on some invalid sequences (found by the config fuzzer).
size_t first_invalid_utf8(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
        const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
        const unsigned char c = byte(i);
        size_t length = 0;
        unsigned char low = 0x80, high = 0xBF; // the allowed range of the second byte
        if (c < 0x80)
            length = 1;
        else if (c >= 0xC2 && c <= 0xDF)
            length = 2;
        else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            if (c == 0xE0) low = 0xA0;
            if (c == 0xED) high = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            if (c == 0xF0) low = 0x90;
            if (c == 0xF4) high = 0x8F;
        } else
            return i;
        if (i + length > text.size()) return i;
        for (size_t k = 1; k < length; ++k) {
            const unsigned char next = byte(i + k);
            if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xBF)) return i;
        }
        i += length;
    }
    return std::string_view::npos;
}

} // namespace

void check_toml_limits(std::string_view text, const std::string& path) {
    if (text.size() > max_config_bytes) throw ConfigError(too_large(path));
    if (const size_t bad = first_invalid_utf8(text); bad != std::string_view::npos) {
        const std::string_view before = text.substr(0, bad);
        const size_t line = 1 + static_cast<size_t>(std::count(before.begin(), before.end(), '\n'));
        const size_t line_start = before.rfind('\n');
        const size_t column = bad - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
        throw ConfigError(path + ":" + std::to_string(line) + ":" + std::to_string(column) +
                          ": a byte that is not UTF-8; config files must be UTF-8 text: save the file as UTF-8");
    }
    LimitScanner(text, path).scan();
}

std::string read_config_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(path + ": cannot read the config file");
    std::string text;
    char chunk[16384]; // read as it comes, not into a buffer the size of the limit
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
        text.append(chunk, static_cast<size_t>(in.gcount()));
        if (text.size() > max_config_bytes) throw ConfigError(too_large(path));
    }
    return text;
}

} // namespace llmhost::config
