// Text helpers for the messages of errors built from upstream answers, shared by every wire
// format: quoting a body, matching wording, and keeping secrets out.
#pragma once

#include <llmhost/error.hpp>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>

namespace llmhost {

namespace error_text {

// What snippet() puts where it cut a text short; redact_secret() looks for key prefixes there.
inline constexpr std::string_view cut_marker = "...";

// At most `limit` bytes of `text`, for quoting upstream bodies in error messages. Text that
// may hold a key goes through redacted_snippet() instead, or through redact_secret() after.
inline std::string snippet(std::string_view text, size_t limit = 200) {
    if (text.size() <= limit) return std::string(text);
    // Back off to a character boundary rather than split a UTF-8 sequence.
    while (limit > 0 && (static_cast<unsigned char>(text[limit]) & 0xC0) == 0x80)
        --limit;
    return std::string(text.substr(0, limit)).append(cut_marker);
}

inline std::string trimmed(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return std::string(s);
}

// What to quote of an error body no structured message was found in: a proxy's HTML page or
// a plain-text body still says something useful.
inline std::string body_excerpt(std::string_view body) { return snippet(trimmed(body)); }

// ASCII case-insensitive substring test, for matching upstream wording.
inline bool contains_icase(std::string_view haystack, std::string_view needle) {
    auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    });
    return it != haystack.end();
}

} // namespace error_text

namespace error_text {

// A key cut short where a text was cut is still (most of) the key: this many of its first
// characters or more, at the end of the text or before a cut marker, are redacted too.
inline constexpr size_t min_key_prefix = 4;

// Redacts the longest start of `secret` (min_key_prefix chars or more, short of the whole)
// that ends at `end` in `text`; returns where the text after it now starts.
inline size_t redact_prefix_ending_at(std::string& text, size_t end, std::string_view secret,
                                      std::string_view replacement) {
    const size_t longest = std::min(end, secret.size() - 1);
    for (size_t length = longest; length >= min_key_prefix; --length) {
        // Candidates start with the key's first characters; the rest is compared only then.
        if (text.compare(end - length, min_key_prefix, secret.substr(0, min_key_prefix)) != 0) continue;
        if (text.compare(end - length, length, secret.substr(0, length)) != 0) continue;
        text.replace(end - length, length, replacement);
        return end - length + replacement.size();
    }
    return end;
}

} // namespace error_text

// `text` with every occurrence of `secret` replaced: upstreams sometimes echo the key they
// rejected, and llmhost error messages must never carry one. A text cut before the key ended
// (snippet(), a fixed-size error buffer) keeps only a start of it: a start of 4 characters or
// more at the end of the text or just before a cut marker ("...") is replaced as well.
inline std::string redact_secret(std::string text, std::string_view secret,
                                 std::string_view replacement = "[redacted]") {
    if (secret.empty()) return text;
    for (size_t pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + replacement.size()))
        text.replace(pos, secret.size(), replacement);
    if (secret.size() <= error_text::min_key_prefix) return text;
    for (size_t at = text.find(error_text::cut_marker); at != std::string::npos;
         at = text.find(error_text::cut_marker, at + error_text::cut_marker.size()))
        at = error_text::redact_prefix_ending_at(text, at, secret, replacement);
    error_text::redact_prefix_ending_at(text, text.size(), secret, replacement);
    return text;
}

namespace error_text {

// At most `limit` bytes of `text` with `secret` redacted first, so that no part of the key
// survives the cut: every quote of upstream text that may hold a key goes through this.
inline std::string redacted_snippet(std::string_view text, std::string_view secret, size_t limit = 200) {
    return snippet(redact_secret(std::string(text), secret), limit);
}

} // namespace error_text

inline Error redact_secret(const Error& e, std::string_view secret) {
    return Error(e.error_class(), redact_secret(e.what(), secret), e.http_status(), e.retry_after_ms());
}

} // namespace llmhost
