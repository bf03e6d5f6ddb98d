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

// At most `limit` bytes of `text`, for quoting upstream bodies in error messages.
inline std::string snippet(std::string_view text, size_t limit = 200) {
    if (text.size() <= limit) return std::string(text);
    // Back off to a character boundary rather than split a UTF-8 sequence.
    while (limit > 0 && (static_cast<unsigned char>(text[limit]) & 0xC0) == 0x80)
        --limit;
    return std::string(text.substr(0, limit)) + "...";
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

// `text` with every occurrence of `secret` replaced: upstreams sometimes echo the key they
// rejected, and llmhost error messages must never carry one.
inline std::string redact_secret(std::string text, std::string_view secret) {
    if (secret.empty()) return text;
    for (size_t pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos))
        text.replace(pos, secret.size(), "[redacted]");
    return text;
}

inline Error redact_secret(const Error& e, std::string_view secret) {
    return Error(e.error_class(), redact_secret(e.what(), secret), e.http_status(), e.retry_after_ms());
}

} // namespace llmhost
