// Limits checked on a config file before toml11 parses it. toml11 recurses once per nested
// array or inline table (10,000 levels overflow the stack) and takes quadratic time in the
// parts of a dotted key (20,000 parts: over 10 s), so a cheap scan refuses such files first.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace llmhost::config {

inline constexpr size_t max_config_bytes = 4 * 1024 * 1024;
inline constexpr size_t max_toml_nesting = 64;     // arrays and inline tables inside each other
inline constexpr size_t max_toml_key_parts = 128;  // a.b.c has 3 parts
inline constexpr size_t max_toml_key_chars = 1024; // one key, all its parts together

// Throws ConfigError naming `path`, the line and the limit when `text` exceeds one of the
// limits above. Brackets, braces and dots inside strings and comments do not count.
void check_toml_limits(std::string_view text, const std::string& path);

// The config file's text, at most max_config_bytes of it (a larger file is a ConfigError, so
// that pointing --config at a huge file or /dev/zero fails at once instead of filling memory).
std::string read_config_text(const std::string& path);

} // namespace llmhost::config
